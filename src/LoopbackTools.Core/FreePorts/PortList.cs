using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LoopbackTools.FreePorts
{
    /// <summary>
    /// The ports a caller offered, parsed from what PowerShell hands over: "8000-8100", "8000..8100", "8080", or a
    /// list of those (an int[] such as 8000..8100 arrives as one number per item).
    /// </summary>
    internal sealed class PortList
    {
        private PortList(IReadOnlyList<int> ports, string text)
        {
            Ports = ports;
            Text = text;
        }

        /// <summary>Distinct ports, ascending.</summary>
        public IReadOnlyList<int> Ports { get; }

        /// <summary>The list as ranges ("8000-8100, 9000"), for messages.</summary>
        public string Text { get; }

        /// <exception cref="FormatException">An item is not a port or an ascending range of ports 1-65535; the message names it.</exception>
        public static PortList Parse(IEnumerable<string> items)
        {
            var ports = new SortedSet<int>();
            foreach (string raw in items)
            {
                foreach (string part in (raw ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    AddPart(part.Trim(), ports);
                }
            }

            if (ports.Count == 0)
            {
                throw new FormatException("The port range is empty: give ports as 8000-8100, 8080, or a list of those.");
            }

            var list = ports.ToList();
            return new PortList(list, Describe(list));
        }

        public static PortList FromRange(int low, int high) => new PortList(Enumerable.Range(low, high - low + 1).ToList(), $"{low}-{high}");

        /// <summary>Writes ascending ports as compact ranges: 1-5, 8, 10-12.</summary>
        public static string Describe(IReadOnlyList<int> ascending)
        {
            var parts = new List<string>();
            int i = 0;
            while (i < ascending.Count)
            {
                int j = i;
                while (j + 1 < ascending.Count && ascending[j + 1] == ascending[j] + 1)
                {
                    j++;
                }

                parts.Add(i == j ? ascending[i].ToString(CultureInfo.InvariantCulture) : $"{ascending[i]}-{ascending[j]}");
                i = j + 1;
            }

            return string.Join(", ", parts);
        }

        private static void AddPart(string part, SortedSet<int> ports)
        {
            string lowText = part;
            string highText = part;
            int separator = part.IndexOf("..", StringComparison.Ordinal);
            int length = 2;
            if (separator < 0)
            {
                separator = part.IndexOf('-');
                length = 1;
            }

            if (separator >= 0)
            {
                lowText = part.Substring(0, separator).Trim();
                highText = part.Substring(separator + length).Trim();
            }

            if (!TryPort(lowText, out int low) || !TryPort(highText, out int high) || low > high)
            {
                throw new FormatException($"'{part}' is not a port or a range of ports: use numbers from 1 to 65535, as 8080 or 8000-8100 (low to "
                    + "high).");
            }

            for (int port = low; port <= high; port++)
            {
                ports.Add(port);
            }
        }

        private static bool TryPort(string text, out int port) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port >= 1 && port <= 65535;
    }
}
