using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Inventory
{
    public class SocketRecordOrderTests
    {
        private static List<SocketRecord> RandomRows(int count, int seed)
        {
            var random = new Random(seed);
            var addresses = new[]
            {
                IPAddress.Loopback, IPAddress.Any, IPAddress.Parse("127.0.0.2"), IPAddress.Parse("10.1.2.3"), IPAddress.Parse("192.168.0.1"),
                IPAddress.Parse("200.1.1.1"), IPAddress.IPv6Loopback, IPAddress.IPv6Any, IPAddress.Parse("::ffff:127.0.0.1"),
                IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::1"), // equal, distinct instances
            };
            var rows = new List<SocketRecord>(count);
            for (int i = 0; i < count; i++)
            {
                bool v6 = random.Next(2) == 0;
                IPAddress Pick() => addresses[v6 ? 6 + random.Next(6) : random.Next(6)];
                rows.Add(new SocketRecord
                {
                    Protocol = (TransportProtocol)random.Next(2),
                    Family = v6 ? IPFamily.IPv6 : IPFamily.IPv4,
                    LocalAddress = Pick(),
                    LocalPort = random.Next(4) == 0 ? 8080 : random.Next(65536),
                    RemoteAddress = Pick(),
                    RemotePort = random.Next(3) == 0 ? 0 : random.Next(65536),
                    State = (SocketState)random.Next(13),
                    Inode = (ulong)random.Next(1000),
                });
            }

            return rows;
        }

        [Fact]
        public void Sort_orders_like_the_comparer()
        {
            var rows = RandomRows(5000, 1);
            var expected = rows.ToList();
            expected.Sort(SocketRecordOrder.Instance);

            SocketRecordOrder.Sort(rows);

            for (int i = 0; i < rows.Count; i++)
            {
                Assert.Equal(0, SocketRecordOrder.Instance.Compare(expected[i], rows[i]));
            }
        }

        [Fact]
        public void Comparer_orders_addresses_by_their_bytes()
        {
            Assert.True(SocketRecordOrder.CompareAddress(IPAddress.Parse("9.255.255.255"), IPAddress.Parse("10.0.0.0")) < 0);
            Assert.True(SocketRecordOrder.CompareAddress(IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")) < 0);
            Assert.True(SocketRecordOrder.CompareAddress(IPAddress.Parse("255.0.0.0"), IPAddress.Parse("1.255.255.255")) > 0);
            Assert.Equal(0, SocketRecordOrder.CompareAddress(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::1")));
            Assert.True(SocketRecordOrder.CompareAddress(IPAddress.Parse("::1"), IPAddress.Parse("fe80::")) < 0);
            Assert.True(SocketRecordOrder.CompareAddress(IPAddress.Parse("0.0.0.0"), IPAddress.Parse("::")) < 0); // 4 bytes before 16
        }

        [Fact]
        public void Sorting_100k_rows_does_not_allocate_per_comparison()
        {
            // A loopback load: one address, few ports, many rows (the benchmark's shape).
            var random = new Random(2);
            var rows = new List<SocketRecord>(100_000);
            for (int i = 0; i < 100_000; i++)
            {
                bool server = i % 2 == 0;
                int listenPort = 40000 + (i % 6);
                int ephemeral = 32768 + random.Next(28000);
                rows.Add(new SocketRecord
                {
                    LocalAddress = IPAddress.Loopback,
                    RemoteAddress = i % 10 == 0 ? IPAddress.Parse("127.0.0.1") : IPAddress.Loopback, // some equal but distinct instances
                    LocalPort = server ? listenPort : ephemeral,
                    RemotePort = server ? ephemeral : listenPort,
                    State = SocketState.Established,
                    Inode = (ulong)random.Next(),
                });
            }

            SocketRecordOrder.Sort(RandomRows(1000, 3)); // warm up the JIT
            long before = GC.GetAllocatedBytesForCurrentThread();
            SocketRecordOrder.Sort(rows);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // One packed key (24 B) and one slot (8 B) per row plus the small address dictionary; ~1.7M comparisons that
            // each called GetAddressBytes twice would allocate over 100 MB.
            Assert.True(allocated < 100L * rows.Count, $"allocated {allocated} bytes");
            for (int i = 1; i < rows.Count; i++)
            {
                Assert.True(SocketRecordOrder.Instance.Compare(rows[i - 1], rows[i]) <= 0);
            }

            var a = new SocketRecord { LocalAddress = IPAddress.Parse("127.0.0.1"), RemoteAddress = IPAddress.Parse("127.0.0.9") };
            var b = new SocketRecord { LocalAddress = IPAddress.Parse("127.0.0.1"), RemoteAddress = IPAddress.Parse("127.0.0.10") };
            SocketRecordOrder.Instance.Compare(a, b);
            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                SocketRecordOrder.Instance.Compare(a, b);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
