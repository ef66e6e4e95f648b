using System;
using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Hands out one <see cref="IPAddress"/> per distinct address read from a wire buffer. Loopback tables repeat
    /// 127.0.0.1 on 100k rows; without the cache every row would allocate two addresses (and a byte[] each).
    /// Bounded, so a machine talking to millions of peers does not grow it forever.
    /// </summary>
    internal sealed class AddressCache
    {
        private const int MaxEntries = 1 << 16;

        private readonly Dictionary<uint, IPAddress> _v4 = new Dictionary<uint, IPAddress>();
        private readonly Dictionary<V6Key, IPAddress> _v6 = new Dictionary<V6Key, IPAddress>();
        private uint _lastV4Raw;
        private IPAddress? _lastV4;

        public int Count => _v4.Count + _v6.Count;

        /// <summary>The IPv4 address whose four network-order bytes start at <paramref name="offset"/>.</summary>
        public IPAddress V4(byte[] buffer, int offset)
        {
            // Read in host order: that is exactly the in-memory form the IPAddress(long) constructor expects.
            uint raw = BitConverter.ToUInt32(buffer, offset);
            if (_lastV4 != null && raw == _lastV4Raw)
            {
                return _lastV4;
            }

            if (!_v4.TryGetValue(raw, out var address))
            {
                if (_v4.Count >= MaxEntries)
                {
                    _v4.Clear();
                }

                address = new IPAddress(raw);
                _v4[raw] = address;
            }

            _lastV4Raw = raw;
            _lastV4 = address;
            return address;
        }

        /// <summary>The IPv6 address whose sixteen network-order bytes start at <paramref name="offset"/>.</summary>
        public IPAddress V6(byte[] buffer, int offset)
        {
            var key = new V6Key(BitConverter.ToUInt64(buffer, offset), BitConverter.ToUInt64(buffer, offset + 8));
            if (!_v6.TryGetValue(key, out var address))
            {
                if (_v6.Count >= MaxEntries)
                {
                    _v6.Clear();
                }

                var bytes = new byte[16];
                Buffer.BlockCopy(buffer, offset, bytes, 0, 16);
                address = new IPAddress(bytes);
                _v6[key] = address;
            }

            return address;
        }

        private readonly struct V6Key : IEquatable<V6Key>
        {
            private readonly ulong _high;
            private readonly ulong _low;

            public V6Key(ulong high, ulong low)
            {
                _high = high;
                _low = low;
            }

            public bool Equals(V6Key other) => _high == other._high && _low == other._low;

            public override bool Equals(object? obj) => obj is V6Key other && Equals(other);

            public override int GetHashCode()
            {
                ulong h = (_high * 0x9E3779B97F4A7C15UL) ^ _low;
                return (int)h ^ (int)(h >> 32);
            }
        }
    }
}
