using System.Collections.Generic;
using System.Linq;

namespace LoopbackTools.Remoting
{
    /// <summary>
    /// The messages of a host that cannot answer a -Session call: each names the host, says the real reason and what
    /// to do. Host names, versions and transport messages come from the session and the host: control characters in
    /// them are escaped before they reach the terminal.
    /// </summary>
    internal static class RemoteHostText
    {
        public static string Unavailable(string host, string sessionReason, string? sshReason)
        {
            string text = $"'{Safe(host)}' cannot be reached through its session: {Sentence(sessionReason)}";
            if (sshReason != null)
            {
                text += $" ssh to it now says: {Sentence(sshReason)}";
            }

            return text;
        }

        /// <summary>ssh connects and logs in, so the transport is fine: the PowerShell at the other end is what ended.</summary>
        public static string SshReachesHost =>
            "ssh still connects and logs in, so the PowerShell server on the host ended (stopped, killed or out of memory): "
            + "open a new session with New-PSSession.";

        public static string ModuleMissing(string host, string version, string remotePowerShell, string? reason)
        {
            string text = $"LoopbackTools is not installed on '{Safe(host)}' (its {Safe(remotePowerShell)} finds no LoopbackTools module";
            text += string.IsNullOrEmpty(reason) ? ")." : $": {Sentence(reason!).TrimEnd('.')}).";
            return text + $" Install LoopbackTools {Safe(version)} there (Install-PSResource LoopbackTools -Version {Safe(version)}), "
                + "or add -CopyModule to bring this computer's copy along for this call only.";
        }

        public static string VersionMismatch(string host, IReadOnlyCollection<string> remoteVersions, string version) =>
            $"'{Safe(host)}' has LoopbackTools {Safe(string.Join(", ", remoteVersions))}, this computer {Safe(version)}: another version's "
            + $"objects and rules may differ, so the host is skipped. Install LoopbackTools {Safe(version)} there, "
            + "or add -CopyModule to bring this computer's copy along for this call only.";

        public static string CopyFailed(string host, string reason) =>
            $"LoopbackTools could not be copied to '{Safe(host)}' and imported there: {Sentence(reason)}";

        public static string NoRowsForHost(string host, string parameter, int total, IEnumerable<string> names)
        {
            var named = names.Take(5).Select(n => "'" + Safe(n) + "'").ToList();
            string which = named.Count == 0 ? string.Empty : $" (they name {string.Join(", ", named)})";
            return $"{parameter} has {total} rows but none for '{Safe(host)}'{which}: rows are paired with hosts by ComputerName, "
                + "which must be the name the host's session connected to. The host is skipped rather than reported as all Added.";
        }

        public static string UnmatchedRows(string parameter, IReadOnlyCollection<string> names) =>
            $"{parameter} has rows for {string.Join(", ", names.Take(5).Select(n => "'" + Safe(n) + "'"))}"
            + (names.Count > 5 ? $" and {names.Count - 5} more computers" : string.Empty)
            + ", which no session goes to: those rows are left out (rows are paired with hosts by ComputerName).";

        private static string Safe(string text) => TerminalText.Escape(text) ?? string.Empty;

        private static string Sentence(string text)
        {
            string s = Safe(text).Trim();
            return s.Length == 0 || s.EndsWith(".", System.StringComparison.Ordinal) ? s : s + ".";
        }
    }
}
