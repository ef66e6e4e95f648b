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
    /// <para><see cref="Order"/> is linear in the number of rows: each distinct address is ranked once (a table holds few
    /// of them: a handful on loopback), every row is packed into three integers that compare like its fields in order,
    /// and an LSD radix sort orders the keys a byte at a time, skipping the bytes every key shares (the protocol of a
    /// TCP-only read, the high bytes of an inode). It is stable, so rows whose keys tie keep the order of the dump.</para>
    /// <para><see cref="Compare"/> (for callers that need an <see cref="IComparer{T}"/>) compares IPv4 as an integer and
    /// looks IPv6 keys up in a small per-thread cache, since <see cref="IPAddress.GetAddressBytes"/> allocates.</para>
    /// </remarks>
    internal sealed class SocketRecordOrder : IComparer<SocketRecord>
    {
        public static readonly SocketRecordOrder Instance = new SocketRecordOrder();

        // Below this many rows, insertion sort beats building 24 byte histograms.
        private const int SmallTable = 48;

        [ThreadStatic]
        private static Dictionary<IPAddress, AddressKey>? _keyCache;

        /// <summary>Sorts records in place, in the same order as <see cref="Order"/>.</summary>
        public static void Sort(List<SocketRecord> rows)
        {
            int n = rows.Count;
            if (n < 2)
            {
                return;
            }

            var addresses = new AddressFacts();
            var items = new RowKey[n];
            var localIds = new int[n];
            var remoteIds = new int[n];
            for (int i = 0; i < n; i++)
            {
                localIds[i] = addresses.OfLocal(rows[i].LocalAddress).Id;
                remoteIds[i] = addresses.OfRemote(rows[i].RemoteAddress).Id;
            }

            var rank = Ranks(addresses.All);
            for (int i = 0; i < n; i++)
            {
                var r = rows[i];
                items[i] = RowKey.Of(r.Protocol, r.LocalPort, r.Family, rank[localIds[i]], r.State, rank[remoteIds[i]], r.RemotePort, r.Inode, i);
            }

            var sorted = new SocketRecord[n];
            int at = 0;
            foreach (int index in Sorted(items))
            {
                sorted[at++] = rows[index];
            }

            for (int i = 0; i < n; i++)
            {
                rows[i] = sorted[i];
            }
        }

        /// <summary>
        /// The indexes of the first <paramref name="count"/> rows in order. <paramref name="localIds"/> and
        /// <paramref name="remoteIds"/> name each row's addresses in <paramref name="addresses"/> (by <see cref="AddressFacts.Fact.Id"/>).
        /// </summary>
        internal static int[] Order(
            ChunkedArray<SocketRow> rows,
            ChunkedArray<int> localIds,
            ChunkedArray<int> remoteIds,
            int count,
            IReadOnlyList<AddressFacts.Fact> addresses)
        {
            var rank = Ranks(addresses);
            var items = new RowKey[count];
            for (int i = 0; i < count; i++)
            {
                ref var r = ref rows[i];
                items[i] = RowKey.Of(r.Protocol, r.LocalPort, r.Family, rank[localIds[i]], r.State, rank[remoteIds[i]], r.RemotePort, r.Inode, i);
            }

            return Sorted(items);
        }

        /// <summary>Each distinct address's rank by its bytes; equal bytes (different scopes) share a rank.</summary>
        private static int[] Ranks(IReadOnlyList<AddressFacts.Fact> addresses)
        {
            int d = addresses.Count;
            var keys = new AddressKey[d];
            var ids = new int[d];
            for (int i = 0; i < d; i++)
            {
                keys[i] = AddressKey.Of(addresses[i].Address);
                ids[i] = addresses[i].Id;
            }

            Array.Sort(keys, ids);
            var rank = new int[d];
            int current = 0;
            for (int i = 0; i < d; i++)
            {
                if (i > 0 && keys[i].CompareTo(keys[i - 1]) != 0)
                {
                    current = i;
                }

                rank[ids[i]] = current;
            }

            return rank;
        }

        /// <summary>The row indexes of <paramref name="items"/> in key order (the array is reordered as scratch).</summary>
        private static int[] Sorted(RowKey[] items)
        {
            int n = items.Length;
            if (n <= SmallTable)
            {
                InsertionSort(items);
            }
            else
            {
                items = RadixSort(items);
            }

            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = items[i].Index;
            }

            return order;
        }

        private static void InsertionSort(RowKey[] items)
        {
            for (int i = 1; i < items.Length; i++)
            {
                var item = items[i];
                int j = i - 1;
                while (j >= 0 && items[j].CompareTo(item) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }

                items[j + 1] = item;
            }
        }

        /// <summary>
        /// LSD radix sort on the 24 bytes of (A, B, C), least significant first. One pass over the keys counts every
        /// byte position; a position where all keys share the byte is skipped. Returns the sorted array (either buffer).
        /// </summary>
        private static RowKey[] RadixSort(RowKey[] items)
        {
            int n = items.Length;
            var counts = new int[RowKey.Bytes * 256];
            for (int i = 0; i < n; i++)
            {
                Count(counts, 0, items[i].C);
                Count(counts, 8 << 8, items[i].B);
                Count(counts, 16 << 8, items[i].A);
            }

            var source = items;
            RowKey[]? target = null;
            var offsets = new int[256];
            for (int b = 0; b < RowKey.Bytes; b++)
            {
                int word = b >> 3;
                int shift = (b & 7) << 3;
                int counted = b << 8;
                if (counts[counted + (int)((source[0].Word(word) >> shift) & 0xFF)] == n)
                {
                    continue; // every key has the same byte here
                }

                int sum = 0;
                for (int v = 0; v < 256; v++)
                {
                    offsets[v] = sum;
                    sum += counts[counted + v];
                }

                target ??= new RowKey[n];
                switch (word)
                {
                    case 0:
                        for (int i = 0; i < n; i++)
                        {
                            target[offsets[(int)(source[i].C >> shift) & 0xFF]++] = source[i];
                        }

                        break;
                    case 1:
                        for (int i = 0; i < n; i++)
                        {
                            target[offsets[(int)(source[i].B >> shift) & 0xFF]++] = source[i];
                        }

                        break;
                    default:
                        for (int i = 0; i < n; i++)
                        {
                            target[offsets[(int)(source[i].A >> shift) & 0xFF]++] = source[i];
                        }

                        break;
                }

                var swap = source;
                source = target;
                target = swap;
            }

            return source;
        }

        private static void Count(int[] counts, int at, ulong word)
        {
            counts[at + (int)(word & 0xFF)]++;
            counts[at + 256 + (int)((word >> 8) & 0xFF)]++;
            counts[at + 512 + (int)((word >> 16) & 0xFF)]++;
            counts[at + 768 + (int)((word >> 24) & 0xFF)]++;
            counts[at + 1024 + (int)((word >> 32) & 0xFF)]++;
            counts[at + 1280 + (int)((word >> 40) & 0xFF)]++;
            counts[at + 1536 + (int)((word >> 48) & 0xFF)]++;
            counts[at + 1792 + (int)(word >> 56)]++;
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

        /// <summary>A row packed into three integers that compare like its fields in order, and where it came from.</summary>
        private readonly struct RowKey : IComparable<RowKey>
        {
            public const int Bytes = 24;

            private RowKey(ulong a, ulong b, ulong c, int index)
            {
                A = a;
                B = b;
                C = c;
                Index = index;
            }

            /// <summary>Protocol, local port, family, local address rank.</summary>
            public ulong A { get; }

            /// <summary>State, remote address rank, remote port.</summary>
            public ulong B { get; }

            /// <summary>Inode.</summary>
            public ulong C { get; }

            public int Index { get; }

            public static RowKey Of(
                TransportProtocol protocol, int localPort, IPFamily family, int localRank,
                SocketState state, int remoteRank, int remotePort, ulong inode, int index) =>
                new RowKey(
                    ((ulong)(byte)protocol << 56) | ((ulong)(ushort)localPort << 40) | ((ulong)(byte)family << 32) | (uint)localRank,
                    ((ulong)(byte)state << 56) | ((ulong)(uint)remoteRank << 16) | (ushort)remotePort,
                    inode,
                    index);

            /// <summary>Word 0 (C, the least significant), 1 (B) or 2 (A).</summary>
            public ulong Word(int word) => word == 0 ? C : word == 1 ? B : A;

            public int CompareTo(RowKey other)
            {
                int r = A.CompareTo(other.A);
                if (r == 0) r = B.CompareTo(other.B);
                if (r == 0) r = C.CompareTo(other.C);
                return r;
            }
        }
    }
}
