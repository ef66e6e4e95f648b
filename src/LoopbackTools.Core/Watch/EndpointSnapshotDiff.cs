using System;
using System.Collections.Generic;
using LoopbackTools.Baselines;

namespace LoopbackTools.Watch
{
    /// <summary>
    /// The difference between two consecutive reads of the socket table, for a live watch. Within one machine and a
    /// few seconds the socket's own 5-tuple is its identity (and the kernel's socket id tells apart two sockets that
    /// share it); a different state or owner on the same endpoint is a change, not a removal plus an addition.
    /// </summary>
    public static class EndpointSnapshotDiff
    {
        public static IReadOnlyList<EndpointChange> Compare(IReadOnlyList<Endpoint> previous, IReadOnlyList<Endpoint> current, DateTime time)
        {
            var open = new Dictionary<(TransportProtocol, string, int, string, int), List<int>>();
            for (int i = 0; i < previous.Count; i++)
            {
                var k = Key(previous[i]);
                if (!open.TryGetValue(k, out var bucket))
                {
                    bucket = new List<int>(1);
                    open[k] = bucket;
                }

                bucket.Add(i);
            }

            var previousSeen = new bool[previous.Count];
            var appeared = new List<EndpointChange>();
            foreach (var now in current)
            {
                int match = open.TryGetValue(Key(now), out var bucket) ? TakePartner(bucket, previous, now) : -1;
                if (match < 0)
                {
                    appeared.Add(Stamp(BaselineComparer.ChangeOf(EndpointChangeType.Added, BaselineEntry.From(now)), time));
                    continue;
                }

                previousSeen[match] = true;
                var change = Difference(previous[match], now);
                if (change != null)
                {
                    appeared.Add(Stamp(change, time));
                }
            }

            var changes = new List<EndpointChange>();
            for (int i = 0; i < previous.Count; i++)
            {
                if (!previousSeen[i])
                {
                    changes.Add(Stamp(BaselineComparer.ChangeOf(EndpointChangeType.Removed, BaselineEntry.From(previous[i])), time));
                }
            }

            changes.AddRange(appeared);
            return changes;
        }

        private static (TransportProtocol, string, int, string, int) Key(Endpoint e) =>
            (e.Protocol, e.LocalAddress, e.LocalPort, e.RemoteAddress, e.RemotePort);

        // The same kernel socket first; otherwise the first one left (sockets that share a 5-tuple, SO_REUSEPORT).
        private static int TakePartner(List<int> bucket, IReadOnlyList<Endpoint> previous, Endpoint now)
        {
            if (bucket.Count == 0)
            {
                return -1;
            }

            int at = 0;
            if (now.SocketId != 0)
            {
                for (int j = 0; j < bucket.Count; j++)
                {
                    if (previous[bucket[j]].SocketId == now.SocketId)
                    {
                        at = j;
                        break;
                    }
                }
            }

            int index = bucket[at];
            bucket.RemoveAt(at);
            return index;
        }

        private static EndpointChange? Difference(Endpoint before, Endpoint now)
        {
            var change = BaselineComparer.ChangeOf(EndpointChangeType.Changed, BaselineEntry.From(now));
            var names = new List<string>(2);
            if (before.State != now.State)
            {
                names.Add(nameof(EndpointChange.State));
                change.OldState = before.State;
            }

            // An owner seen once and missed once (a process exiting mid-read) is not a new owner.
            if (before.ProcessId.HasValue && now.ProcessId.HasValue && before.ProcessId != now.ProcessId)
            {
                names.Add(nameof(EndpointChange.ProcessId));
                change.OldProcessId = before.ProcessId;
            }

            if (names.Count == 0)
            {
                return null;
            }

            change.ChangedProperties = string.Join(",", names);
            return change;
        }

        private static EndpointChange Stamp(EndpointChange change, DateTime time)
        {
            change.Time = time;
            return change;
        }
    }
}
