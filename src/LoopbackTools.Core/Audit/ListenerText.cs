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
        /// there is, or "with no visible owner". Untrusted text: views escape it.
        /// </summary>
        public static string Owner(Endpoint endpoint)
        {
            string owner = OwnerOf(endpoint.ProcessName, endpoint.ProcessPath);
            return HasVisibleOwner(endpoint) || endpoint.UserName == null ? owner : $"{owner} (a socket of user {endpoint.UserName})";
        }

        public static string OwnerOf(string? processName, string? processPath)
        {
            string? name = processName ?? processPath;
            return name != null ? "owned by " + name : "with no visible owner";
        }

        public static bool HasVisibleOwner(Endpoint endpoint) => endpoint.ProcessName != null || endpoint.ProcessPath != null;

        public static bool IsExposed(Endpoint endpoint) => endpoint.Exposure != Exposure.LoopbackOnly;
    }
}
