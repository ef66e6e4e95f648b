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

            // 10 data lines; the blank line, the truncated line (6) and the bad hex (7) are skipped.
            Assert.Equal(new ulong[] { 31001, 31002, 31003, 31004, 0, 31006, 31009, 31010 }, rows.Select(r => r.Inode));

            var listener = rows[0];
            Assert.Equal(IPAddress.Loopback, listener.LocalAddress);
            Assert.Equal(8080, listener.LocalPort);
            Assert.Equal(IPAddress.Any, listener.RemoteAddress);
            Assert.Equal(SocketState.Listen, listener.State);
            Assert.Equal(0, listener.Uid);

            Assert.Equal(IPAddress.Any, rows[1].LocalAddress);
            Assert.Equal(22, rows[1].LocalPort);

            var client = rows[2];
            Assert.Equal(50000, client.LocalPort);
            Assert.Equal(8080, client.RemotePort);
            Assert.Equal(SocketState.Established, client.State);
            Assert.Equal(1000, client.Uid);

            Assert.Equal(SocketState.TimeWait, rows[4].State);
            Assert.Equal(0ul, rows[4].Inode);

            Assert.Equal(IPAddress.Parse("10.0.2.15"), rows[5].LocalAddress);
            Assert.Equal(IPAddress.Parse("90.80.80.80"), rows[5].RemoteAddress);
            Assert.Equal(443, rows[5].RemotePort);
            Assert.Equal(SocketState.CloseWait, rows[5].State);

            Assert.Equal(8083, rows[6].LocalPort); // extra trailing fields are tolerated
            Assert.Equal(65535, rows[7].LocalPort); // a four-digit slot number
            Assert.Equal(SocketState.Closing, rows[7].State);
            Assert.Equal(65534, rows[7].Uid);
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

            Assert.Equal(3, rows.Count);
            Assert.Equal(53, rows[0].LocalPort);
            Assert.Equal(SocketState.Bound, rows[0].State);
            Assert.Equal(101, rows[0].Uid);
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
            Assert.Equal(8 + 4 + 3 + 2, all.Count);

            var udp6 = table.Read(new SocketTableRequest { IncludeTcp = false, IncludeIPv4 = false }, CancellationToken.None);
            Assert.Equal(new ulong[] { 34001, 34002 }, udp6.Select(r => r.Inode));
            Assert.All(udp6, r => Assert.Equal(TransportProtocol.Udp, r.Protocol));
        }

        [Fact]
        public void A_missing_root_makes_the_source_unavailable()
        {
            var table = new ProcNetSocketTable(Path.Combine(Root, "no-such-folder"));
            Assert.Throws<SocketTableUnavailableException>(() => table.Read(SocketTableRequest.Everything(), CancellationToken.None));
        }
    }
}
