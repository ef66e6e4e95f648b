namespace LoopbackTools.Audit
{
    /// <summary>
    /// The phrases every rule uses to describe a listener, so findings read alike. No process id ever goes into
    /// text: a restarted service must produce the same message, or diffs of two audits would be noise.
    /// </summary>
    internal static class ListenerText
    {
        public static string Where(Endpoint endpoint) => $"{endpoint.Protocol} {EndpointText.Format(endpoint.LocalAddress, endpoint.LocalPort)}";

        public static string Reach(Exposure exposure) => exposure switch
        {
            Exposure.AllInterfaces => "reachable on every interface",
            Exposure.SpecificInterface => "reachable from that address's network",
            _ => "reachable only from this machine",
        };

        /// <summary>
        /// "owned by redis-server", "with no visible owner (a socket of user redis)" when the kernel's socket uid is all
        /// there is, or "with no visible owner". Escaped here, like every owner phrase.
        /// </summary>
        public static string Owner(Endpoint endpoint)
        {
            string owner = OwnerOf(endpoint.ProcessName, endpoint.ProcessPath);
            return HasVisibleOwner(endpoint) || endpoint.UserName == null ? owner : $"{owner} (a socket of user "
                + $"{TerminalText.Escape(endpoint.UserName)})";
        }

        /// <summary>
        /// The owner phrase of every finding. The name or path is untrusted text (chosen by whoever started the process)
        /// and the finding's Message is printed as it is by Format-List and log files: its control characters are escaped
        /// here, once for every rule.
        /// </summary>
        public static string OwnerOf(string? processName, string? processPath)
        {
            string? name = processName ?? processPath;
            return name != null ? "owned by " + TerminalText.Escape(name) : "with no visible owner";
        }

        /// <summary>A user name (from the password database or a baseline file) as it may appear in a finding's text.</summary>
        public static string User(string? userName) => TerminalText.Escape(userName) ?? "unknown";

        public static bool HasVisibleOwner(Endpoint endpoint) => endpoint.ProcessName != null || endpoint.ProcessPath != null;

        public static bool IsExposed(Endpoint endpoint) => endpoint.Exposure != Exposure.LoopbackOnly;
    }
}
