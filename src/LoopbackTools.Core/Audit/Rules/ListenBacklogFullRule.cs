using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>
    /// A TCP listener whose accept queue is (nearly) full: its process does not accept connections as fast as they
    /// arrive. Once the queue is full the kernel drops the handshakes that complete (clients see slow connects, retries
    /// and time-outs), the first thing a local service suffers under load. The queue and its limit are the kernel's
    /// (what ss shows as Recv-Q and Send-Q for a listener), so the rule needs a source that reports both (netlink).
    /// </summary>
    internal sealed class ListenBacklogFullRule : IAuditRule
    {
        public const string RuleName = "ListenBacklogFull";

        /// <summary>90 %: a queue this full overflows at the next burst.</summary>
        private const int ThresholdPercent = 90;

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description =>
            "Medium: a TCP listener whose accept queue is 90 % or more of its backlog (its process is not accepting fast enough).";

        public bool CanRun(AuditContext context) => true;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            foreach (var endpoint in context.Listeners)
            {
                if (!IsFull(endpoint, out uint waiting, out uint backlog))
                {
                    continue;
                }

                int percent = (int)System.Math.Min(100UL * waiting / backlog, 999UL);
                string message = $"{ListenerText.Where(endpoint)} has {Count(waiting, "connection")} waiting to be accepted, "
                    + $"{percent} % of its backlog of {backlog.ToString(CultureInfo.InvariantCulture)}, {ListenerText.Owner(endpoint)}: "
                    + "the process does not accept connections as fast as they arrive, and while the queue is full the kernel drops "
                    + "new handshakes (clients see slow connects or time-outs)."
                    + Counters(context.ListenCounters);
                string remedy = "Find out why the server stalls (blocked or too few worker threads, a slow accept loop) "
                    + "and give it a larger listen backlog" + Cap(context.ListenCounters, backlog) + ".";
                yield return AuditFinding.About(endpoint, RuleName, AuditSeverity.Medium, message, remedy);
            }
        }

        /// <summary>A TCP listener with both queue figures known and the accept queue at or above the threshold.</summary>
        internal static bool IsFull(Endpoint endpoint, out uint waiting, out uint backlog)
        {
            waiting = endpoint.ReceiveQueue ?? 0;
            backlog = endpoint.SendQueue ?? 0;
            return endpoint.Protocol == TransportProtocol.Tcp && endpoint.State == SocketState.Listen
                && endpoint.ReceiveQueue.HasValue && endpoint.SendQueue.HasValue && backlog > 0
                && 100UL * waiting >= (ulong)ThresholdPercent * backlog;
        }

        /// <summary>The kernel's counters since boot, quoted only when they show drops (zero says nothing new).</summary>
        private static string Counters(Linux.ListenQueueCounters? counters)
        {
            if (counters == null)
            {
                return string.Empty;
            }

            var parts = new List<string>(2);
            if (counters.ListenOverflows > 0)
            {
                parts.Add($"ListenOverflows {counters.ListenOverflows.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            if (counters.ListenDrops > 0)
            {
                parts.Add($"ListenDrops {counters.ListenDrops.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            return parts.Count == 0
                ? string.Empty
                : $" The kernel has counted {string.Join(" and ", parts)} since boot over every listener (/proc/net/netstat).";
        }

        /// <summary>The backlog a program asks for is cut to net.core.somaxconn: say so when that is what this one got.</summary>
        private static string Cap(Linux.ListenQueueCounters? counters, uint backlog) =>
            counters?.Somaxconn is int max && max > 0 && backlog >= (uint)max
                ? $" (listen() is capped at net.core.somaxconn, {max.ToString(CultureInfo.InvariantCulture)} here: raise that too)"
                : " (the backlog argument of listen())";

        private static string Count(uint n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
    }
}
