using System;
using System.Collections.Generic;

namespace LoopbackTools.Remoting
{
    /// <summary>
    /// The reason ssh gives on stderr when it cannot reach or log in to a host ("Connection refused", "Permission
    /// denied (publickey)", "Host key verification failed."): PowerShell prints that text to the console and keeps
    /// only a generic "transport broken" message, so a failed host is asked again with ssh itself and this picks the
    /// reason out of what ssh wrote, without the notices that are not reasons.
    /// </summary>
    internal static class SshFailureText
    {
        // Lines ssh writes on the way that say nothing about why it failed.
        private static readonly string[] Notices =
        {
            "Warning: Permanently added",
            "Pseudo-terminal will not be allocated",
        };

        /// <summary>The reason lines joined into one sentence, control characters escaped; null when there are none.</summary>
        public static string? Reason(string? stderr)
        {
            if (string.IsNullOrWhiteSpace(stderr))
            {
                return null;
            }

            var lines = new List<string>();
            foreach (string raw in stderr!.Split('\n'))
            {
                string line = raw.Trim();
                if (line.Length == 0 || IsNotice(line) || lines.Contains(line))
                {
                    continue;
                }

                lines.Add(line);
            }

            // A banner or a long chatter could precede the reason: the last lines are where ssh says why it stopped.
            const int Kept = 3;
            if (lines.Count > Kept)
            {
                lines.RemoveRange(0, lines.Count - Kept);
            }

            return lines.Count == 0 ? null : TerminalText.Escape(string.Join(" ", lines));
        }

        private static bool IsNotice(string line)
        {
            foreach (string notice in Notices)
            {
                if (line.StartsWith(notice, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
