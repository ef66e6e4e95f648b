using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>The /proc/net fallback on captured-style tables (addresses printed as little-endian host words).</summary>
    public class ProcNetParserTests
    {
        private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ProcNet");

        [Fact]
        public void Tcp4_rows_and_odd_lines()
        {
            Assert.True(BitConverter.IsLittleEndian, "the fixtures are captured on a little-endian host");
            using var reader = new StreamReader(Path.Combine(Root, "tcp"));
            var rows = ProcNetParser.Parse(reader, TransportProtocol.Tcp, IPFamily.IPv4);

            // 10 data lines; the blank line is no line and the bad local address (7) cannot be a row. The truncated
            // line (6) still has its local address: it is kept, its missing fields unknown.
            Assert.Equal(new ulong[] { 31001, 31002, 31003, 31004, 0, 31006, 0, 31009, 31010 }, rows.Select(r => r.Inode));
            Assert.Equal(8081, rows[6].LocalPort);
            Assert.Equal(SocketState.Listen, rows[6].State);
            Assert.Null(rows[6].Uid);

            var listener = rows[0];
            Assert.Equal(IPAddress.Loopback, listener.LocalAddress);
            Assert.Equal(8080, listener.LocalPort);
            Assert.Equal(IPAddress.Any, listener.RemoteAddress);
            Assert.Equal(SocketState.Listen, listener.State);
            Assert.Equal(0u, listener.Uid);

            Assert.Equal(IPAddress.Any, rows[1].LocalAddress);
            Assert.Equal(22, rows[1].LocalPort);

            var client = rows[2];
            Assert.Equal(50000, client.LocalPort);
            Assert.Equal(8080, client.RemotePort);
            Assert.Equal(SocketState.Established, client.State);
            Assert.Equal(1000u, client.Uid);

            Assert.Equal(SocketState.TimeWait, rows[4].State);
            Assert.Equal(0ul, rows[4].Inode);

            Assert.Equal(IPAddress.Parse("10.0.2.15"), rows[5].LocalAddress);
            Assert.Equal(IPAddress.Parse("90.80.80.80"), rows[5].RemoteAddress);
            Assert.Equal(443, rows[5].RemotePort);
            Assert.Equal(SocketState.CloseWait, rows[5].State);

            Assert.Equal(8083, rows[7].LocalPort); // extra trailing fields are tolerated
            Assert.Equal(65535, rows[8].LocalPort); // a four-digit slot number
            Assert.Equal(SocketState.Closing, rows[8].State);
            Assert.Equal(65534u, rows[8].Uid);
        }

        [Fact]
        public void Tcp6_rows_decode_words_in_host_order()
        {
            using var reader = new StreamReader(Path.Combine(Root, "tcp6"));
            var rows = ProcNetParser.Parse(reader, TransportProtocol.Tcp, IPFamily.IPv6);

            Assert.Equal(4, rows.Count); // the last line has a 31-digit address
            Assert.Equal(IPAddress.IPv6Loopback, rows[0].LocalAddress);
            Assert.Equal(IPAddress.IPv6Any, rows[1].LocalAddress);
            Assert.Equal(IPAddress.Parse("::ffff:127.0.0.1"), rows[2].LocalAddress);
            Assert.Equal(50002, rows[2].RemotePort);
            Assert.Equal(IPAddress.Parse("fe80::200:ff:fefe:0"), rows[3].LocalAddress);
            Assert.All(rows, r => Assert.Equal(IPFamily.IPv6, r.Family));
        }

        [Fact]
        public void Udp_rows_map_states_to_bound_and_established()
        {
            using var reader = new StreamReader(Path.Combine(Root, "udp"));
            var rows = ProcNetParser.Parse(reader, TransportProtocol.Udp, IPFamily.IPv4);

            Assert.Equal(4, rows.Count); // the last line stops after its remote address: kept, its state unknown
            Assert.Equal(SocketState.Unknown, rows[3].State);
            Assert.Equal(40001, rows[3].LocalPort);
            Assert.Equal(53, rows[0].LocalPort);
            Assert.Equal(SocketState.Bound, rows[0].State);
            Assert.Equal(101u, rows[0].Uid);
            Assert.Equal(68, rows[1].LocalPort);
            Assert.Equal(SocketState.Established, rows[2].State);
            Assert.Equal(40000, rows[2].LocalPort);
            Assert.Equal(53, rows[2].RemotePort);
        }

        [Fact]
        public void The_table_reads_the_files_a_request_needs()
        {
            var table = new ProcNetSocketTable(Root);

            var all = table.Read(SocketTableRequest.Everything(), CancellationToken.None);
            Assert.Equal(9 + 4 + 4 + 2, all.Count);

            var udp6 = table.Read(new SocketTableRequest { IncludeTcp = false, IncludeIPv4 = false }, CancellationToken.None);
            Assert.Equal(new ulong[] { 34001, 34002 }, udp6.Select(r => r.Inode));
            Assert.All(udp6, r => Assert.Equal(TransportProtocol.Udp, r.Protocol));
        }

        [Theory]
        [InlineData("3000000000", 3000000000u)]
        [InlineData("4294967294", 4294967294u)]
        [InlineData("2147483648", 2147483648u)]
        public void Uids_above_2_pow_31_are_read_as_the_unsigned_numbers_they_are(string column, uint uid)
        {
            string text = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + $"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000 {column}        0 41001 1 "
                + "0000000000000000 100 0 0 10 0\n";

            var rows = ProcNetParser.Parse(new StringReader(text), TransportProtocol.Tcp, IPFamily.IPv4, out int unreadable, out int partial);

            var row = Assert.Single(rows);
            Assert.Equal(uid, row.Uid);
            Assert.Equal(41001ul, row.Inode);
            Assert.Equal(3u, row.ReceiveQueue); // a listener's accept queue
            Assert.Null(row.SendQueue); // its backlog is not in /proc/net
            Assert.Equal(0, unreadable);
            Assert.Equal(0, partial);
        }

        [Fact]
        public void A_field_that_fails_to_parse_leaves_that_field_unknown_and_keeps_the_row()
        {
            string text = "header\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1        0 41002 1\n" // a signed uid
                + "   1: 0100007F:1F91 0100007F:ZZZZ 01 0000000A:00000014 00:00000000 00000000 1000        0 41003 1\n" // bad remote port
                + "   2: 0100007F:1F92 00000000:0000 QQ 00000000:00000000 00:00000000 00000000 1000        0 junk 1\n" // bad state and inode
                + "   3: 0100007F 00000000:0000 0A\n"; // no local port: no row

            var rows = ProcNetParser.Parse(new StringReader(text), TransportProtocol.Tcp, IPFamily.IPv4, out int unreadable, out int partial);

            Assert.Equal(new[] { 8080, 8081, 8082 }, rows.Select(r => r.LocalPort));
            Assert.Null(rows[0].Uid);
            Assert.Equal(41002ul, rows[0].Inode);
            Assert.Equal(SocketState.Established, rows[1].State);
            Assert.Equal(IPAddress.Any, rows[1].RemoteAddress);
            Assert.Equal(20u, rows[1].ReceiveQueue);
            Assert.Equal(10u, rows[1].SendQueue);
            Assert.Equal(SocketState.Unknown, rows[2].State);
            Assert.Equal(0ul, rows[2].Inode);
            Assert.Equal(1000u, rows[2].Uid);
            Assert.Equal(1, unreadable);
            Assert.Equal(3, partial);
        }

        [Fact]
        public void The_fallback_reports_every_lost_and_partial_line_in_one_warning()
        {
            var request = SocketTableRequest.Everything();
            new ProcNetSocketTable(Root).Read(request, CancellationToken.None);

            // tcp: line 7 lost (bad local address), line 6 partial (truncated); tcp6: the 31-digit address lost;
            // udp: the last line partial (it stops after the remote address).
            var warning = Assert.Single(request.Warnings);
            Assert.StartsWith("2 lines have no readable local address and port and were left out; 2 lines were read in part", warning);
            Assert.Contains(Path.Combine(Root, "udp"), warning);
            Assert.Contains(Path.Combine(Root, "tcp"), warning);
            Assert.Contains(Path.Combine(Root, "tcp6"), warning);
        }

        [Fact]
        public void A_missing_root_makes_the_source_unavailable()
        {
            var table = new ProcNetSocketTable(Path.Combine(Root, "no-such-folder"));
            Assert.Throws<SocketTableUnavailableException>(() => table.Read(SocketTableRequest.Everything(), CancellationToken.None));
        }
    }
}
