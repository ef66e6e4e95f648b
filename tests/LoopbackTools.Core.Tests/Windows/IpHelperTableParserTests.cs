using System.IO;
using System.Linq;
using System.Net;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    public class IpHelperTableParserTests
    {
        [Fact]
        public void IpHelperTableParser_ParsesTcp4Rows_FromConstructedBuffer()
        {
            var table = new MibTableBuilder()
                .Tcp4(5, "127.0.0.1", 50123, "127.0.0.2", 8080, 1234)
                .Tcp4(5, "10.1.2.3", 443, "192.168.7.9", 61000, 0x7FFFFFF8)
                .Build();

            var rows = IpHelperTableParser.ParseTcp4(table, table.Length);

            Assert.Equal(2, rows.Count);
            var a = rows[0];
            Assert.Equal(TransportProtocol.Tcp, a.Protocol);
            Assert.Equal(IPFamily.IPv4, a.Family);
            Assert.Equal(SocketState.Established, a.State);
            Assert.Equal(IPAddress.Parse("127.0.0.1"), a.LocalAddress);
            Assert.Equal(50123, a.LocalPort);
            Assert.Equal(IPAddress.Parse("127.0.0.2"), a.RemoteAddress);
            Assert.Equal(8080, a.RemotePort);
            Assert.Equal(1234, a.OwnerProcessId);
            Assert.Equal(0UL, a.Inode);

            var b = rows[1];
            Assert.Equal(IPAddress.Parse("10.1.2.3"), b.LocalAddress);
            Assert.Equal(443, b.LocalPort);
            Assert.Equal(IPAddress.Parse("192.168.7.9"), b.RemoteAddress);
            Assert.Equal(61000, b.RemotePort);
            Assert.Equal(0x7FFFFFF8, b.OwnerProcessId);
        }

        [Fact]
        public void IpHelperTableParser_ParsesTcp6Rows_FromConstructedBuffer()
        {
            var table = new MibTableBuilder()
                .Tcp6(5, "::1", 0, 50124, "::1", 0, 8443, 4321)
                .Tcp6(8, "2001:db8::10", 0, 22, "2001:db8::99", 0, 55555, 77)
                .Build();

            var rows = IpHelperTableParser.ParseTcp6(table, table.Length);

            Assert.Equal(2, rows.Count);
            var a = rows[0];
            Assert.Equal(TransportProtocol.Tcp, a.Protocol);
            Assert.Equal(IPFamily.IPv6, a.Family);
            Assert.Equal(SocketState.Established, a.State);
            Assert.Equal(IPAddress.IPv6Loopback, a.LocalAddress);
            Assert.Equal(50124, a.LocalPort);
            Assert.Equal(IPAddress.IPv6Loopback, a.RemoteAddress);
            Assert.Equal(8443, a.RemotePort);
            Assert.Equal(4321, a.OwnerProcessId);

            var b = rows[1];
            Assert.Equal(SocketState.CloseWait, b.State);
            Assert.Equal(IPAddress.Parse("2001:db8::10"), b.LocalAddress);
            Assert.Equal(22, b.LocalPort);
            Assert.Equal(IPAddress.Parse("2001:db8::99"), b.RemoteAddress);
            Assert.Equal(55555, b.RemotePort);
            Assert.Equal(77, b.OwnerProcessId);
        }

        [Fact]
        public void IpHelperTableParser_ParsesUdp4Rows_AsBound_FromConstructedBuffer()
        {
            var table = new MibTableBuilder()
                .Udp4("127.0.0.1", 53, 900)
                .Udp4("0.0.0.0", 5353, 901)
                .Build();

            var rows = IpHelperTableParser.ParseUdp4(table, table.Length);

            Assert.Equal(2, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal(TransportProtocol.Udp, r.Protocol);
                Assert.Equal(IPFamily.IPv4, r.Family);
                Assert.Equal(SocketState.Bound, r.State);
                Assert.Equal(IPAddress.Any, r.RemoteAddress);
                Assert.Equal(0, r.RemotePort);
            });
            Assert.Equal(IPAddress.Loopback, rows[0].LocalAddress);
            Assert.Equal(53, rows[0].LocalPort);
            Assert.Equal(900, rows[0].OwnerProcessId);
            Assert.Equal(IPAddress.Any, rows[1].LocalAddress);
            Assert.Equal(5353, rows[1].LocalPort);
            Assert.Equal(901, rows[1].OwnerProcessId);
        }

        [Fact]
        public void IpHelperTableParser_ParsesUdp6Rows_AsBound_FromConstructedBuffer()
        {
            var table = new MibTableBuilder()
                .Udp6("::1", 0, 5355, 902)
                .Udp6("::", 0, 500, 903)
                .Build();

            var rows = IpHelperTableParser.ParseUdp6(table, table.Length);

            Assert.Equal(2, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal(TransportProtocol.Udp, r.Protocol);
                Assert.Equal(IPFamily.IPv6, r.Family);
                Assert.Equal(SocketState.Bound, r.State);
                Assert.Equal(IPAddress.IPv6Any, r.RemoteAddress);
                Assert.Equal(0, r.RemotePort);
            });
            Assert.Equal(IPAddress.IPv6Loopback, rows[0].LocalAddress);
            Assert.Equal(5355, rows[0].LocalPort);
            Assert.Equal(902, rows[0].OwnerProcessId);
            Assert.Equal(IPAddress.IPv6Any, rows[1].LocalAddress);
            Assert.Equal(500, rows[1].LocalPort);
            Assert.Equal(903, rows[1].OwnerProcessId);
        }

        public static TheoryData<uint, SocketState> MibTcpStates => new TheoryData<uint, SocketState>
        {
            { 1, SocketState.Closed },
            { 2, SocketState.Listen },
            { 3, SocketState.SynSent },
            { 4, SocketState.SynReceived },
            { 5, SocketState.Established },
            { 6, SocketState.FinWait1 },
            { 7, SocketState.FinWait2 },
            { 8, SocketState.CloseWait },
            { 9, SocketState.Closing },
            { 10, SocketState.LastAck },
            { 11, SocketState.TimeWait },
            { 12, SocketState.Closed }, // DELETE_TCB
            { 0, SocketState.Unknown },
            { 13, SocketState.Unknown },
        };

        [Theory]
        [MemberData(nameof(MibTcpStates))]
        public void IpHelperTableParser_MapsMibTcpState_FromConstructedTcp4Row(uint mibState, SocketState expected)
        {
            var table = new MibTableBuilder().Tcp4(mibState, "127.0.0.1", 1000, "127.0.0.1", 2000, 42).Build();

            var row = Assert.Single(IpHelperTableParser.ParseTcp4(table, table.Length));

            Assert.Equal(expected, row.State);
        }

        [Theory]
        [MemberData(nameof(MibTcpStates))]
        public void IpHelperTableParser_MapsMibTcpState_FromConstructedTcp6Row(uint mibState, SocketState expected)
        {
            // dwState sits near the end of the IPv6 row, after both addresses: a wrong offset shows here.
            var table = new MibTableBuilder().Tcp6(mibState, "::1", 0, 1000, "::1", 0, 2000, 42).Build();

            var row = Assert.Single(IpHelperTableParser.ParseTcp6(table, table.Length));

            Assert.Equal(expected, row.State);
            Assert.Equal(42, row.OwnerProcessId);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(80)]
        [InlineData(256)]
        [InlineData(443)]
        [InlineData(8080)]
        [InlineData(49152)]
        [InlineData(65535)]
        public void IpHelperTableParser_ReadsPortsInNetworkByteOrder_IgnoringHighHalfGarbage(int port)
        {
            var tcp4 = new MibTableBuilder { PortGarbage = 0xBEEF }.Tcp4(5, "127.0.0.1", port, "127.0.0.1", 65535 - port, 1).Build();
            var tcp6 = new MibTableBuilder { PortGarbage = 0xBEEF }.Tcp6(5, "::1", 0, port, "::1", 0, 65535 - port, 1).Build();
            var udp4 = new MibTableBuilder { PortGarbage = 0xBEEF }.Udp4("127.0.0.1", port, 1).Build();
            var udp6 = new MibTableBuilder { PortGarbage = 0xBEEF }.Udp6("::1", 0, port, 1).Build();

            var t4 = Assert.Single(IpHelperTableParser.ParseTcp4(tcp4, tcp4.Length));
            var t6 = Assert.Single(IpHelperTableParser.ParseTcp6(tcp6, tcp6.Length));
            Assert.Equal(port, t4.LocalPort);
            Assert.Equal(65535 - port, t4.RemotePort);
            Assert.Equal(port, t6.LocalPort);
            Assert.Equal(65535 - port, t6.RemotePort);
            Assert.Equal(port, Assert.Single(IpHelperTableParser.ParseUdp4(udp4, udp4.Length)).LocalPort);
            Assert.Equal(port, Assert.Single(IpHelperTableParser.ParseUdp6(udp6, udp6.Length)).LocalPort);
        }

        [Fact]
        public void IpHelperTableParser_ReadsPort8080FromBytes1F90_NotFrom901F()
        {
            // 8080 = 0x1F90: network order puts 0x1F first. Read as a little-endian word it would be 36895.
            var table = new byte[4 + 12];
            table[0] = 1;
            table[4] = 127;
            table[7] = 1;
            table[8] = 0x1F;
            table[9] = 0x90;

            var row = Assert.Single(IpHelperTableParser.ParseUdp4(table, table.Length));

            Assert.Equal(8080, row.LocalPort);
            Assert.Equal(IPAddress.Loopback, row.LocalAddress);
        }

        [Fact]
        public void IpHelperTableParser_ReportsWildcardRemote_ForListenRowsWithGarbageRemote()
        {
            var tcp4 = new MibTableBuilder().Tcp4(2, "0.0.0.0", 445, "9.9.9.9", 1234, 4).Build();
            var tcp6 = new MibTableBuilder().Tcp6(2, "::", 0, 445, "2001:db8::1", 3, 1234, 4).Build();

            var r4 = Assert.Single(IpHelperTableParser.ParseTcp4(tcp4, tcp4.Length));
            var r6 = Assert.Single(IpHelperTableParser.ParseTcp6(tcp6, tcp6.Length));

            Assert.Equal(SocketState.Listen, r4.State);
            Assert.Equal(IPAddress.Any, r4.RemoteAddress);
            Assert.Equal(0, r4.RemotePort);
            Assert.Equal(SocketState.Listen, r6.State);
            Assert.Equal(IPAddress.IPv6Any, r6.RemoteAddress);
            Assert.Equal(0, r6.RemotePort);
        }

        [Fact]
        public void IpHelperTableParser_KeepsScopeOnLinkLocalOnly_FromConstructedTcp6Row()
        {
            var table = new MibTableBuilder()
                .Tcp6(5, "fe80::1", 12, 50000, "fe80::2", 12, 80, 9)
                .Tcp6(2, "::", 7, 80, "::", 0, 0, 9)
                .Tcp6(5, "::1", 1, 50001, "::1", 1, 80, 9)
                .Build();

            var rows = IpHelperTableParser.ParseTcp6(table, table.Length);

            Assert.Equal(12, rows[0].LocalAddress.ScopeId);
            Assert.Equal("fe80::1%12", rows[0].LocalAddress.ToString());
            Assert.Equal(12, rows[0].RemoteAddress.ScopeId);
            Assert.Equal(IPAddress.IPv6Any, rows[1].LocalAddress);
            Assert.Equal(IPAddress.IPv6Loopback, rows[2].LocalAddress);
            Assert.Equal(IPAddress.IPv6Loopback, rows[2].RemoteAddress);
        }

        [Fact]
        public void IpHelperTableParser_ReadsScopeIdLeastSignificantByteFirst_OnHandTypedUdp6Buffer()
        {
            // MIB_UDP6TABLE_OWNER_PID typed byte by byte, without the builder: two rows for fe80::1, one with the scope
            // bytes 0C 00 00 00 (interface 12 in host order, the layout decided in IpHelperTableParser.ReadScopeId),
            // one with 00 00 00 0C (what "network byte order" in the docs would mean for interface 12).
            var table = new byte[4 + (2 * 28)];
            table[0] = 2;
            foreach (int row in new[] { 4, 4 + 28 })
            {
                table[row] = 0xFE;
                table[row + 1] = 0x80;
                table[row + 15] = 0x01;
                table[row + 20] = 0x02; // port 546 (DHCPv6 client) = 0x0222
                table[row + 21] = 0x22;
                table[row + 24] = 0x10; // PID 0x0410 = 1040
                table[row + 25] = 0x04;
            }

            table[4 + 16] = 0x0C;
            table[4 + 28 + 19] = 0x0C;

            var rows = IpHelperTableParser.ParseUdp6(table, table.Length);

            Assert.Equal("fe80::1%12", rows[0].LocalAddress.ToString());
            Assert.Equal(12, rows[0].LocalAddress.ScopeId);
            Assert.Equal(201326592, rows[1].LocalAddress.ScopeId); // 0x0C000000: the parser does not guess
            Assert.All(rows, r => Assert.Equal(546, r.LocalPort));
            Assert.All(rows, r => Assert.Equal(1040, r.OwnerProcessId));
        }

        [Fact]
        public void IpHelperTableParser_ReadsBothScopeIdsOfATcp6Row_OnHandTypedBuffer()
        {
            // ucLocalAddr at 0, dwLocalScopeId at 16, ucRemoteAddr at 24, dwRemoteScopeId at 40: interfaces 7 and 300.
            var table = new byte[4 + 56];
            table[0] = 1;
            int row = 4;
            table[row] = 0xFE;
            table[row + 1] = 0x80;
            table[row + 15] = 0x01;
            table[row + 16] = 0x07;
            table[row + 24] = 0xFE;
            table[row + 25] = 0x80;
            table[row + 39] = 0x02;
            table[row + 40] = 0x2C; // 300 = 0x012C
            table[row + 41] = 0x01;
            table[row + 48] = 5; // ESTABLISHED

            var parsed = Assert.Single(IpHelperTableParser.ParseTcp6(table, table.Length));

            Assert.Equal("fe80::1%7", parsed.LocalAddress.ToString());
            Assert.Equal("fe80::2%300", parsed.RemoteAddress.ToString());
        }

        [Fact]
        public void IpHelperTableParser_ReturnsNoRows_ForConstructedEmptyTables()
        {
            var empty = new MibTableBuilder().Build();

            Assert.Empty(IpHelperTableParser.ParseTcp4(empty, empty.Length));
            Assert.Empty(IpHelperTableParser.ParseTcp6(empty, empty.Length));
            Assert.Empty(IpHelperTableParser.ParseUdp4(empty, empty.Length));
            Assert.Empty(IpHelperTableParser.ParseUdp6(empty, empty.Length));
        }

        [Fact]
        public void IpHelperTableParser_IgnoresStaleBytesPastTheRows_WhenBufferIsBiggerThanTable()
        {
            // The retry loop hands over a buffer with headroom; only dwNumEntries rows are real.
            var table = new MibTableBuilder().Udp4("127.0.0.1", 9, 1).Build(trailing: 100);

            var row = Assert.Single(IpHelperTableParser.ParseUdp4(table, table.Length));

            Assert.Equal(9, row.LocalPort);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        public void IpHelperTableParser_Throws_WhenConstructedBufferCannotHoldDwNumEntries(int length)
        {
            var table = new byte[length];

            var e = Assert.Throws<InvalidDataException>(() => IpHelperTableParser.ParseTcp4(table, length));

            Assert.Contains("MIB_TCPTABLE_OWNER_PID is truncated", e.Message);
        }

        [Fact]
        public void IpHelperTableParser_Throws_WhenConstructedTableClaimsMoreRowsThanItHolds()
        {
            var builder = new MibTableBuilder { ClaimedCount = 3 };
            var table = builder.Tcp6(5, "::1", 0, 1, "::1", 0, 2, 1).Tcp6(5, "::1", 0, 3, "::1", 0, 4, 1).Build(trailing: 20);

            var e = Assert.Throws<InvalidDataException>(() => IpHelperTableParser.ParseTcp6(table, table.Length));

            Assert.Equal(
                "MIB_TCP6TABLE_OWNER_PID is truncated: dwNumEntries says 3 rows of 56 bytes (172 bytes with the header), but only 136 bytes were "
                    + "returned.",
                e.Message);
        }

        [Fact]
        public void IpHelperTableParser_Throws_WhenLengthCutsTheLastRow()
        {
            var table = new MibTableBuilder().Udp6("::1", 0, 1, 1).Udp6("::1", 0, 2, 1).Build();

            Assert.Throws<InvalidDataException>(() => IpHelperTableParser.ParseUdp6(table, table.Length - 1));
            Assert.Equal(2, IpHelperTableParser.ParseUdp6(table, table.Length).Count);
        }

        [Fact]
        public void IpHelperTableParser_Throws_NotOverflows_WhenConstructedCountIsHuge()
        {
            var table = new MibTableBuilder { ClaimedCount = uint.MaxValue }.Udp4("127.0.0.1", 1, 1).Build();

            var e = Assert.Throws<InvalidDataException>(() => IpHelperTableParser.ParseUdp4(table, table.Length));

            Assert.Contains("4294967295 rows", e.Message);
        }

        [Fact]
        public void IpHelperTableParser_Throws_WhenLengthExceedsBuffer()
        {
            var table = new MibTableBuilder().Build();

            Assert.Throws<InvalidDataException>(() => IpHelperTableParser.ParseUdp4(table, table.Length + 1));
        }

        [Fact]
        public void IpHelperTableParser_RowSizes_MatchTheWindowsStructs()
        {
            // sizeof(MIB_*ROW_OWNER_PID) on Windows: 6, 14, 3 and 7 four-byte units.
            Assert.Equal(6 * 4, IpHelperTableParser.Tcp4RowSize);
            Assert.Equal(14 * 4, IpHelperTableParser.Tcp6RowSize);
            Assert.Equal(3 * 4, IpHelperTableParser.Udp4RowSize);
            Assert.Equal(7 * 4, IpHelperTableParser.Udp6RowSize);
            var mixed = new MibTableBuilder().Tcp4(5, "127.0.0.1", 1, "127.0.0.1", 2, 3).Build();
            Assert.Equal(4 + IpHelperTableParser.Tcp4RowSize, mixed.Length);
            Assert.Equal(new[] { 1 }, IpHelperTableParser.ParseTcp4(mixed, mixed.Length).Select(r => r.LocalPort));
        }
    }
}
