using System;
using System.Collections.Generic;
using LoopbackTools.Baselines;

namespace LoopbackTools.Watch
{
    /// <summary>
    /// The difference between two consecutive reads of the socket table, for a live watch. Within one machine and a
    /// few seconds the socket's own 5-tuple is its identity (and the kernel's socket id tells apart two sockets that
    /// share it); a different state or owner on the same endpoint is a change, not a removal plus an addition.
    /// One hash join: linear in the two reads, with no allocation per endpoint beyond the index.
    /// </summary>
    internal static class EndpointSnapshotDiff
    {
        public static IReadOnlyList<EndpointChange> Compare(IReadOnlyList<Endpoint> previous, IReadOnlyList<Endpoint> current, DateTime time)
        {
            // first[key] is the first previous endpoint with that key; next[i] chains the others (SO_REUSEPORT, TIME_WAIT twins).
            var first = new Dictionary<EndpointKey, int>(previous.Count);
            var next = new int[previous.Count];
            for (int i = previous.Count - 1; i >= 0; i--)
            {
                var key = new EndpointKey(previous[i]);
                next[i] = first.TryGetValue(key, out int head) ? head : -1;
                first[key] = i;
            }

            var taken = new bool[previous.Count];
            var appeared = new List<EndpointChange>();
            foreach (var now in current)
            {
                int match = first.TryGetValue(new EndpointKey(now), out int head) ? TakePartner(head, next, taken, previous, now) : -1;
                if (match < 0)
                {
                    appeared.Add(Stamp(BaselineComparer.ChangeOf(EndpointChangeType.Added, BaselineEntry.From(now)), time));
                    continue;
                }

                var change = Difference(previous[match], now);
                if (change != null)
                {
                    appeared.Add(Stamp(change, time));
                }
            }

            var changes = new List<EndpointChange>();
            for (int i = 0; i < previous.Count; i++)
            {
                if (!taken[i])
                {
                    changes.Add(Stamp(BaselineComparer.ChangeOf(EndpointChangeType.Removed, BaselineEntry.From(previous[i])), time));
                }
            }

            changes.AddRange(appeared);
            return changes;
        }

        // The same kernel socket first; otherwise the first one left (sockets that share a 5-tuple).
        private static int TakePartner(int head, int[] next, bool[] taken, IReadOnlyList<Endpoint> previous, Endpoint now)
        {
            int firstFree = -1;
            for (int i = head; i >= 0; i = next[i])
            {
                if (taken[i])
                {
                    continue;
                }

                if (now.SocketId != 0 && previous[i].SocketId == now.SocketId)
                {
                    firstFree = i;
                    break;
                }

                if (firstFree < 0)
                {
                    firstFree = i;
                }
            }

            if (firstFree >= 0)
            {
                taken[firstFree] = true;
            }

            return firstFree;
        }

        private static EndpointChange? Difference(Endpoint before, Endpoint now)
        {
            if (before.State == now.State && !(before.ProcessId.HasValue && now.ProcessId.HasValue && before.ProcessId != now.ProcessId))
            {
                return null;
            }

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

            change.ChangedProperties = string.Join(",", names);
            return change;
        }

        private static EndpointChange Stamp(EndpointChange change, DateTime time)
        {
            change.Time = time;
            return change;
        }

        /// <summary>Protocol, both ends and the network namespace of a socket, hashed once.</summary>
        private readonly struct EndpointKey : IEquatable<EndpointKey>
        {
            private readonly TransportProtocol _protocol;
            private readonly string _localAddress;
            private readonly int _localPort;
            private readonly string _remoteAddress;
            private readonly int _remotePort;
            private readonly ulong? _namespace;
            private readonly int _hash;

            public EndpointKey(Endpoint e)
            {
                _protocol = e.Protocol;
                _localAddress = e.LocalAddress;
                _localPort = e.LocalPort;
                _remoteAddress = e.RemoteAddress;
                _remotePort = e.RemotePort;
                _namespace = e.NetworkNamespace; // the same 5-tuple in two namespaces is two sockets
                unchecked
                {
                    int h = ((int)_protocol * 65599) ^ (_localPort << 16) ^ _remotePort ^ (int)(_namespace ?? 0);
                    h = (h * 31) + StringComparer.Ordinal.GetHashCode(_localAddress);
                    _hash = (h * 31) + StringComparer.Ordinal.GetHashCode(_remoteAddress);
                }
            }

            public bool Equals(EndpointKey other) =>
                _hash == other._hash && _protocol == other._protocol && _localPort == other._localPort && _remotePort == other._remotePort
                && _namespace == other._namespace
                && string.Equals(_localAddress, other._localAddress, StringComparison.Ordinal)
                && string.Equals(_remoteAddress, other._remoteAddress, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is EndpointKey other && Equals(other);

            public override int GetHashCode() => _hash;
        }
    }
}
