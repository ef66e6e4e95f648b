using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// A total order on rows so that two reads of an unchanged table list endpoints in the same order (diffable CSVs):
    /// protocol, local port, family, local address, state, remote address, remote port, inode.
    /// </summary>
    /// <remarks>
    /// <see cref="IPAddress.GetAddressBytes"/> allocates, and sorting 100k rows makes ~2M comparisons. <see cref="Sort"/>
    /// therefore ranks each distinct address once and sorts packed integer keys; <see cref="Compare"/> (for callers that
    /// need an <see cref="IComparer{T}"/>) compares IPv4 as an integer and looks IPv6 keys up in a small per-thread cache.
    /// </remarks>
    internal sealed class SocketRecordOrder : IComparer<SocketRecord>
    {
        public static readonly SocketRecordOrder Instance = new SocketRecordOrder();

        [ThreadStatic]
        private static Dictionary<IPAddress, AddressKey>? _keyCache;

        /// <summary>Sorts in place with O(distinct addresses) allocations plus one key array, none per comparison.</summary>
        public static void Sort(List<SocketRecord> rows)
        {
            int n = rows.Count;
            if (n < 2)
            {
                return;
            }

            // 1. Rank distinct addresses. IPAddress caches its hash code and compares without allocating.
            var rankOf = new Dictionary<IPAddress, int>();
            IPAddress? lastLocal = null;
            IPAddress? lastRemote = null;
            foreach (var row in rows)
            {
                if (!ReferenceEquals(row.LocalAddress, lastLocal))
                {
                    lastLocal = row.LocalAddress;
                    rankOf[lastLocal] = 0;
                }

                if (!ReferenceEquals(row.RemoteAddress, lastRemote))
                {
                    lastRemote = row.RemoteAddress;
                    rankOf[lastRemote] = 0;
                }
            }

            var distinct = new IPAddress[rankOf.Count];
            var distinctKeys = new AddressKey[rankOf.Count];
            int d = 0;
            foreach (var address in rankOf.Keys)
            {
                distinct[d] = address;
                distinctKeys[d] = AddressKey.Of(address);
                d++;
            }

            Array.Sort(distinctKeys, distinct);
            for (int i = 0; i < distinct.Length; i++)
            {
                // Equal keys (same bytes, different scope) share a rank: the order is by bytes, as before.
                rankOf[distinct[i]] = i > 0 && distinctKeys[i].CompareTo(distinctKeys[i - 1]) == 0 ? rankOf[distinct[i - 1]] : i;
            }

            // 2. Pack each row into three integers that compare like the fields in order.
            var keys = new RowKey[n];
            var items = new SocketRecord[n];
            lastLocal = null;
            lastRemote = null;
            int localRank = 0;
            int remoteRank = 0;
            for (int i = 0; i < n; i++)
            {
                var row = rows[i];
                if (!ReferenceEquals(row.LocalAddress, lastLocal))
                {
                    lastLocal = row.LocalAddress;
                    localRank = rankOf[lastLocal];
                }

                if (!ReferenceEquals(row.RemoteAddress, lastRemote))
                {
                    lastRemote = row.RemoteAddress;
                    remoteRank = rankOf[lastRemote];
                }

                keys[i] = new RowKey(
                    ((ulong)(uint)row.Protocol << 56) | ((ulong)(ushort)row.LocalPort << 40) | ((ulong)(byte)row.Family << 32) | (uint)localRank,
                    ((ulong)(byte)row.State << 56) | ((ulong)(uint)remoteRank << 16) | (ushort)row.RemotePort,
                    row.Inode);
                items[i] = row;
            }

            Array.Sort(keys, items);
            for (int i = 0; i < n; i++)
            {
                rows[i] = items[i];
            }
        }

        public int Compare(SocketRecord? x, SocketRecord? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            // Enums compare as ints: Enum.CompareTo(object) would box both sides.
            int c = ((int)x.Protocol).CompareTo((int)y.Protocol);
            if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
            if (c == 0) c = ((int)x.Family).CompareTo((int)y.Family);
            if (c == 0) c = CompareAddress(x.LocalAddress, y.LocalAddress);
            if (c == 0) c = ((int)x.State).CompareTo((int)y.State);
            if (c == 0) c = CompareAddress(x.RemoteAddress, y.RemoteAddress);
            if (c == 0) c = x.RemotePort.CompareTo(y.RemotePort);
            if (c == 0) c = x.Inode.CompareTo(y.Inode);
            return c;
        }

        internal static int CompareAddress(IPAddress a, IPAddress b)
        {
            if (ReferenceEquals(a, b))
            {
                return 0;
            }

            if (a.AddressFamily == AddressFamily.InterNetwork && b.AddressFamily == AddressFamily.InterNetwork)
            {
                return AddressKey.V4Value(a).CompareTo(AddressKey.V4Value(b));
            }

            return CachedKey(a).CompareTo(CachedKey(b));
        }

        private static AddressKey CachedKey(IPAddress address)
        {
            var cache = _keyCache ??= new Dictionary<IPAddress, AddressKey>();
            if (!cache.TryGetValue(address, out var key))
            {
                if (cache.Count >= 4096)
                {
                    cache.Clear();
                }

                key = AddressKey.Of(address);
                cache[address] = key;
            }

            return key;
        }

        /// <summary>An address as (length, high 64 bits, low 64 bits) of its big-endian bytes: orders like comparing bytes.</summary>
        private readonly struct AddressKey : IComparable<AddressKey>
        {
            private readonly int _length;
            private readonly ulong _high;
            private readonly ulong _low;

            private AddressKey(int length, ulong high, ulong low)
            {
                _length = length;
                _high = high;
                _low = low;
            }

            public static AddressKey Of(IPAddress address)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return new AddressKey(4, 0, V4Value(address));
                }

                byte[] bytes = address.GetAddressBytes(); // once per distinct address, never per comparison
                ulong high = 0;
                ulong low = 0;
                for (int i = 0; i < bytes.Length; i++)
                {
                    if (i < 8)
                    {
                        high = (high << 8) | bytes[i];
                    }
                    else
                    {
                        low = (low << 8) | bytes[i];
                    }
                }

                return new AddressKey(bytes.Length, high, low);
            }

            /// <summary>The IPv4 address as a big-endian number, without GetAddressBytes.</summary>
            public static uint V4Value(IPAddress address)
            {
#pragma warning disable CS0618 // Address is obsolete for IPv6 ambiguity; it is exact and allocation-free for IPv4.
                uint raw = (uint)address.Address;
#pragma warning restore CS0618
                // Address holds the bytes in memory order: first octet in the low byte on little-endian hosts.
                return BitConverter.IsLittleEndian
                    ? ((raw & 0xFF) << 24) | ((raw & 0xFF00) << 8) | ((raw >> 8) & 0xFF00) | (raw >> 24)
                    : raw;
            }

            public int CompareTo(AddressKey other)
            {
                int c = _length.CompareTo(other._length);
                if (c == 0) c = _high.CompareTo(other._high);
                if (c == 0) c = _low.CompareTo(other._low);
                return c;
            }
        }

        private readonly struct RowKey : IComparable<RowKey>
        {
            private readonly ulong _a;
            private readonly ulong _b;
            private readonly ulong _c;

            public RowKey(ulong a, ulong b, ulong c)
            {
                _a = a;
                _b = b;
                _c = c;
            }

            public int CompareTo(RowKey other)
            {
                int r = _a.CompareTo(other._a);
                if (r == 0) r = _b.CompareTo(other._b);
                if (r == 0) r = _c.CompareTo(other._c);
                return r;
            }
        }
    }
}
