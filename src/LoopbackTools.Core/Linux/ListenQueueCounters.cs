using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The kernel's listen-queue counters for this network namespace, since boot and over every listener:
    /// TcpExt ListenOverflows (a connection completed while the accept queue was full) and ListenDrops (a SYN or
    /// final ACK dropped at a listener, overflows included), from /proc/net/netstat; and net.core.somaxconn, which caps
    /// every listen() backlog.
    /// </summary>
    internal sealed class ListenQueueCounters
    {
        public const string NetstatPath = "/proc/net/netstat";
        public const string SomaxconnPath = "/proc/sys/net/core/somaxconn";

        public ulong? ListenOverflows { get; set; }

        public ulong? ListenDrops { get; set; }

        public int? Somaxconn { get; set; }

        /// <summary>This machine's counters; null off Linux or when /proc/net/netstat cannot be read.</summary>
        public static ListenQueueCounters? ForCurrentPlatform()
        {
            if (!Platform.IsLinux)
            {
                return null;
            }

            string? netstat = OptionalFile.TryReadAllText(NetstatPath);
            if (netstat == null)
            {
                return null;
            }

            var counters = Parse(netstat);
            string? somaxconn = OptionalFile.TryReadAllText(SomaxconnPath);
            if (somaxconn != null && int.TryParse(somaxconn.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int max))
            {
                counters.Somaxconn = max;
            }

            return counters;
        }

        /// <summary>
        /// /proc/net/netstat is pairs of lines, "TcpExt: Name1 Name2 ..." then "TcpExt: 1 2 ...". A counter that is missing
        /// or not a number stays unknown; nothing here throws on odd text.
        /// </summary>
        public static ListenQueueCounters Parse(string text)
        {
            var counters = new ListenQueueCounters();
            string[]? names = null;
            foreach (string line in text.Split('\n'))
            {
                if (!line.StartsWith("TcpExt:", StringComparison.Ordinal))
                {
                    names = null;
                    continue;
                }

                var fields = line.Substring(7).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (names == null)
                {
                    names = fields;
                    continue;
                }

                var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
                for (int i = 0; i < names.Length && i < fields.Length; i++)
                {
                    if (ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                    {
                        values[names[i]] = value;
                    }
                }

                counters.ListenOverflows = values.TryGetValue("ListenOverflows", out ulong overflows) ? overflows : (ulong?)null;
                counters.ListenDrops = values.TryGetValue("ListenDrops", out ulong drops) ? drops : (ulong?)null;
                names = null;
            }

            return counters;
        }
    }
}
