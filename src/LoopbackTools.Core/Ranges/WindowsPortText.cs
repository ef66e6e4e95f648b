using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Ranges
{
    /// <summary>
    /// Parses what netsh prints about port ranges. Only the numbers are read, never the words, because netsh
    /// localises its headings ("Start Port", "Startport", ...) while the numeric layout stays the same.
    /// </summary>
    internal static class WindowsPortText
    {
        public static string ExcludedCommand(string ipVersion, TransportProtocol protocol) =>
            $"netsh int {ipVersion} show excludedportrange protocol={Name(protocol)}";

        public static string DynamicCommand(TransportProtocol protocol) => $"netsh int ipv4 show dynamicport {Name(protocol)}";

        /// <summary>
        /// "      5357        5357" and "     50000       50059     *" rows of `netsh int ipv4 show excludedportrange`;
        /// the asterisk marks an administered (manually added) exclusion.
        /// </summary>
        public static IReadOnlyList<PortRange> ParseExcludedRanges(string text, TransportProtocol protocol, string source)
        {
            var ranges = new List<PortRange>();
            foreach (string rawLine in text.Split('\n'))
            {
                var fields = rawLine.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2 || fields.Length > 3)
                {
                    continue;
                }

                if (!TryPort(fields[0], out int start) || !TryPort(fields[1], out int end) || start > end)
                {
                    continue;
                }

                if (fields.Length == 3 && fields[2] != "*")
                {
                    continue;
                }

                ranges.Add(new PortRange(protocol, start, end, PortRangeKind.Excluded, source) { Administered = fields.Length == 3 });
            }

            return ranges;
        }

        /// <summary>
        /// `netsh int ipv4 show dynamicport tcp`: "Start Port      : 49152" then "Number of Ports : 16384". The
        /// first two "label : number" lines are start and count, whatever the language of the labels.
        /// </summary>
        public static PortRange? ParseDynamicRange(string text, TransportProtocol protocol, string source)
        {
            var numbers = new List<int>(2);
            foreach (string rawLine in text.Split('\n'))
            {
                int colon = rawLine.LastIndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                if (int.TryParse(rawLine.Substring(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                {
                    numbers.Add(value);
                    if (numbers.Count == 2)
                    {
                        break;
                    }
                }
            }

            if (numbers.Count < 2 || numbers[0] < 1 || numbers[1] < 1 || numbers[0] + numbers[1] - 1 > 65535)
            {
                return null;
            }

            return new PortRange(protocol, numbers[0], numbers[0] + numbers[1] - 1, PortRangeKind.Ephemeral, source);
        }

        /// <summary>
        /// Windows keeps one exclusion list per protocol that netsh shows under both ipv4 and ipv6; merging the two
        /// answers keeps each range once, administered if either listing marks it.
        /// </summary>
        public static IReadOnlyList<PortRange> Merge(IEnumerable<PortRange> ranges)
        {
            var merged = new List<PortRange>();
            // Keyed, not searched: a machine with tens of thousands of exclusions must not cost a scan per range.
            var byKey = new Dictionary<(TransportProtocol, int, int, PortRangeKind), PortRange>();
            foreach (var range in ranges)
            {
                var key = (range.Protocol, range.StartPort, range.EndPort, range.Kind);
                if (!byKey.TryGetValue(key, out var same))
                {
                    byKey.Add(key, range);
                    merged.Add(range);
                }
                else if (range.Administered)
                {
                    same.Administered = true;
                }
            }

            merged.Sort((a, b) => a.StartPort != b.StartPort ? a.StartPort.CompareTo(b.StartPort) : a.EndPort.CompareTo(b.EndPort));
            return merged;
        }

        private static bool TryPort(string text, out int port) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port >= 0 && port <= 65535;

        private static string Name(TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? "tcp" : "udp";
    }
}
