using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Ranges
{
    /// <summary>
    /// macOS keeps its ephemeral range in the sysctls net.inet.ip.portrange.first and .last (one range for TCP and UDP).
    /// Either may be the larger: first &gt; last is a valid setting that makes the kernel count down.
    /// </summary>
    internal static class MacPortText
    {
        public const string Source = "sysctl net.inet.ip.portrange.first net.inet.ip.portrange.last";

        /// <summary>Parses `sysctl -n net.inet.ip.portrange.first net.inet.ip.portrange.last` ("49152\n65535\n"), or the same with names
        /// ("net.inet.ip.portrange.first: 49152").</summary>
        public static PortRange? ParseSysctl(string text, TransportProtocol protocol, ICollection<string>? problems = null)
        {
            int? first = null;
            int? last = null;
            foreach (string rawLine in text.Split('\n'))
            {
                string line = rawLine.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                int colon = line.IndexOf(':');
                string name = colon >= 0 ? line.Substring(0, colon).Trim() : string.Empty;
                string valueText = colon >= 0 ? line.Substring(colon + 1).Trim() : line;
                if (!int.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                {
                    problems?.Add($"'{Source}' printed '{OsText.Shown(line)}', which is not a port; its output is not used.");
                    return null;
                }

                if (name.EndsWith(".last", StringComparison.Ordinal) || (name.Length == 0 && first.HasValue))
                {
                    last = value;
                }
                else
                {
                    first = value;
                }
            }

            if (!first.HasValue || !last.HasValue || !IsPort(first.Value) || !IsPort(last.Value))
            {
                string from = first?.ToString(CultureInfo.InvariantCulture) ?? "no first port";
                string to = last?.ToString(CultureInfo.InvariantCulture) ?? "no last port";
                problems?.Add($"'{Source}' reports {from} to {to}, which is not a range within ports 1 to 65535; it is not used.");
                return null;
            }

            // XNU's in_pcbbind, like the BSDs', accepts first > last and then hands ports out counting down from first
            // to last: the range is the same ports either way.
            return new PortRange(
                protocol,
                Math.Min(first.Value, last.Value),
                Math.Max(first.Value, last.Value),
                PortRangeKind.Ephemeral,
                Source);
        }

        private static bool IsPort(int value) => value >= 1 && value <= 65535;
    }
}
