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
        public static IReadOnlyList<PortRange> ParseExcludedRanges(
            string text, TransportProtocol protocol, string source, ICollection<string>? problems = null)
        {
            var ranges = new List<PortRange>();
            int refused = 0;
            foreach (string rawLine in text.Split('\n'))
            {
                var fields = rawLine.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2 || fields.Length > 3)
                {
                    continue;
                }

                // Headings and rules are words and dashes; a row of two numbers is a range, and must be a real one.
                if (!TryNumber(fields[0], out long first) || !TryNumber(fields[1], out long last))
                {
                    continue;
                }

                if (fields.Length == 3 && fields[2] != "*")
                {
                    continue;
                }

                if (first < 0 || last > 65535 || first > last)
                {
                    if (++refused <= OsText.MaxProblems)
                    {
                        problems?.Add($"'{source}' lists the excluded range {Shown(fields[0])}-{Shown(fields[1])}, which is not within ports 0 "
                            + "to 65535 in order; that row is not used.");
                    }

                    continue;
                }

                int start = (int)first, end = (int)last;

                ranges.Add(new PortRange(protocol, start, end, PortRangeKind.Excluded, source) { Administered = fields.Length == 3 });
            }

            OsText.More(problems, refused, $"'{source}' lists");

            return ranges;
        }

        /// <summary>
        /// `netsh int ipv4 show dynamicport tcp`: "Start Port      : 49152" then "Number of Ports : 16384". The
        /// first two "label : number" lines are start and count, whatever the language of the labels.
        /// </summary>
        public static PortRange? ParseDynamicRange(string text, TransportProtocol protocol, string source, ICollection<string>? problems = null)
        {
            var numbers = new List<long>(2);
            foreach (string rawLine in text.Split('\n'))
            {
                int colon = rawLine.LastIndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                if (TryNumber(rawLine.Substring(colon + 1).Trim(), out long value))
                {
                    numbers.Add(value);
                    if (numbers.Count == 2)
                    {
                        break;
                    }
                }
            }

            if (numbers.Count < 2)
            {
                problems?.Add($"'{source}' printed no start port and number of ports; its output is not used.");
                return null;
            }

            // Start Port 65535 with Number of Ports 2147483647 overflowed an int into a range past 65535: each number is
            // checked on its own first, so their sum cannot overflow either.
            long start = numbers[0], count = numbers[1];
            if (start < 1 || count < 1 || start > 65535 || count > 65535 || start + count - 1 > 65535)
            {
                string ports = count.ToString(CultureInfo.InvariantCulture), from = start.ToString(CultureInfo.InvariantCulture);
                problems?.Add($"'{source}' reports {ports} ports from {from}, which is not a range within ports 1 to 65535; it is not used.");
                return null;
            }

            return new PortRange(protocol, (int)start, (int)(start + count - 1), PortRangeKind.Ephemeral, source);
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

        // Digits only; a number too long for a long is still a number (and no port).
        private static bool TryNumber(string text, out long value)
        {
            value = 0;
            if (text.Length == 0)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
            }

            return true;
        }

        private static string Shown(string number) => number.Length > 12 ? number.Substring(0, 9) + "..." : number;

        private static string Name(TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? "tcp" : "udp";
    }
}
