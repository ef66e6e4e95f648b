using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Sockets;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// A namespace's socket counters from /proc/net/sockstat and sockstat6 (per namespace; O(1) to read). A sock_diag
    /// dump of one namespace walks the kernel's socket hash tables, which every namespace shares, so its cost follows the
    /// whole machine's sockets, not the namespace's: a dump that the counters say must come back empty is not asked for.
    /// </summary>
    internal sealed class SocketCounts
    {
        public int Tcp4 { get; private set; }

        public int Tcp6 { get; private set; }

        /// <summary>TIME_WAIT sockets of both families ("tw" on the TCP line).</summary>
        public int TimeWait { get; private set; }

        public int Udp4 { get; private set; }

        public int Udp6 { get; private set; }

        /// <summary>The counters, or null when sockstat cannot be read (then every dump is asked for).</summary>
        public static SocketCounts? Parse(string? sockstat, string? sockstat6)
        {
            if (sockstat == null)
            {
                return null;
            }

            var counts = new SocketCounts();
            bool tcp = false;
            bool udp = false;
            foreach (string line in sockstat.Split('\n'))
            {
                if (line.StartsWith("TCP:", StringComparison.Ordinal))
                {
                    tcp = Field(line, "inuse", out int inUse) & Field(line, "tw", out int timeWait);
                    counts.Tcp4 = inUse;
                    counts.TimeWait = timeWait;
                }
                else if (line.StartsWith("UDP:", StringComparison.Ordinal))
                {
                    udp = Field(line, "inuse", out int inUse);
                    counts.Udp4 = inUse;
                }
            }

            // A kernel without IPv6 has no sockstat6, and no IPv6 sockets.
            foreach (string line in (sockstat6 ?? string.Empty).Split('\n'))
            {
                // A line that does not read as expected counts as "maybe some": that dump is asked for.
                if (line.StartsWith("TCP6:", StringComparison.Ordinal))
                {
                    counts.Tcp6 = Field(line, "inuse", out int tcp6) ? tcp6 : int.MaxValue;
                }
                else if (line.StartsWith("UDP6:", StringComparison.Ordinal))
                {
                    counts.Udp6 = Field(line, "inuse", out int udp6) ? udp6 : int.MaxValue;
                }
            }

            return tcp && udp ? counts : null;
        }

        /// <summary>
        /// The parts of <paramref name="request"/> that can hold rows here, one request per protocol with only the
        /// families that have sockets; empty when the namespace holds none of what is asked.
        /// </summary>
        public List<SocketTableRequest> Narrow(SocketTableRequest request)
        {
            var parts = new List<SocketTableRequest>(2);
            if (request.IncludeTcp)
            {
                bool v4 = request.IncludeIPv4 && (Tcp4 > 0 || TimeWait > 0);
                Add(parts, request, tcp: true, v4, request.IncludeIPv6 && (Tcp6 > 0 || TimeWait > 0));
            }

            if (request.IncludeUdp)
            {
                Add(parts, request, tcp: false, request.IncludeIPv4 && Udp4 > 0, request.IncludeIPv6 && Udp6 > 0);
            }

            return parts;
        }

        /// <summary>The whole request as one part of its own (when the counters cannot be read).</summary>
        public static List<SocketTableRequest> Everything(SocketTableRequest request) => new List<SocketTableRequest>
        {
            request.Part(request.IncludeTcp, request.IncludeUdp, request.IncludeIPv4, request.IncludeIPv6),
        };

        private static void Add(List<SocketTableRequest> parts, SocketTableRequest request, bool tcp, bool v4, bool v6)
        {
            if (!v4 && !v6)
            {
                return;
            }

            parts.Add(request.Part(tcp, !tcp, v4, v6));
        }

        /// <summary>The number after <paramref name="name"/> in "TCP: inuse 3 orphan 0 tw 1 ...".</summary>
        private static bool Field(string line, string name, out int value)
        {
            value = 0;
            string[] parts = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 1; i + 1 < parts.Length; i++)
            {
                if (parts[i] == name)
                {
                    return int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out value);
                }
            }

            return false;
        }
    }
}
