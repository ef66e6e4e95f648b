using System;
using System.Collections.Generic;
using System.Net;
using LoopbackTools.Linux;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Sockets;
using Xunit;
using static LoopbackTools.Tests.Netlink.SockDiagMessages;

namespace LoopbackTools.Tests.Netlink
{
    public class SockDiagWireTests
    {
        [Fact]
        public void Request_has_the_kernel_layout()
        {
            var buffer = new byte[100];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xAA; // the builder must clear what it owns
            }

            int length = SockDiagWire.WriteDumpRequest(buffer, 4, 10, 6, 0x400, 77);

            Assert.Equal(72, length);
            Assert.Equal(0xAA, buffer[3]);
            Assert.Equal(0xAA, buffer[76]);
            Assert.Equal(72u, BitConverter.ToUInt32(buffer, 4));           // nlmsg_len
            Assert.Equal((ushort)20, BitConverter.ToUInt16(buffer, 8));    // SOCK_DIAG_BY_FAMILY
            Assert.Equal((ushort)0x301, BitConverter.ToUInt16(buffer, 10)); // NLM_F_REQUEST | NLM_F_DUMP
            Assert.Equal(77u, BitConverter.ToUInt32(buffer, 12));          // seq
            Assert.Equal(0u, BitConverter.ToUInt32(buffer, 16));           // pid
            Assert.Equal(10, buffer[20]);                                  // sdiag_family AF_INET6
            Assert.Equal(6, buffer[21]);                                   // sdiag_protocol IPPROTO_TCP
            Assert.Equal(0, buffer[22]);                                   // idiag_ext
            Assert.Equal(0, buffer[23]);                                   // pad
            Assert.Equal(0x400u, BitConverter.ToUInt32(buffer, 24));       // idiag_states
            for (int i = 28; i < 76; i++)
            {
                Assert.Equal(0, buffer[i]);                                // inet_diag_sockid: match all
            }
        }

        [Fact]
        public void Request_bytes_match_a_hand_written_dump_of_tcp4_listeners()
        {
            var buffer = new byte[72];
            SockDiagWire.WriteDumpRequest(buffer, 0, 2, 6, 1u << 10, 1);
            var expected = new byte[72];
            expected[0] = 72;
            expected[4] = 20;
            expected[6] = 0x01;
            expected[7] = 0x03;
            expected[8] = 1;
            expected[16] = 2;
            expected[17] = 6;
            expected[21] = 0x04; // 1 << 10 little-endian: 00 04 00 00
            if (!BitConverter.IsLittleEndian)
            {
                return; // the expected bytes above are written for little-endian hosts
            }

            Assert.Equal(expected, buffer);
        }

        [Fact]
        public void Dumps_push_states_down()
        {
            var listeners = new SocketTableRequest { TcpStates = new HashSet<SocketState> { SocketState.Listen }, UdpBoundOnly = true };
            Assert.Equal(
                new[] { ((byte)2, (byte)6, 1u << 10), ((byte)10, (byte)6, 1u << 10), ((byte)2, (byte)17, 1u << 7), ((byte)10, (byte)17, 1u << 7) },
                NetlinkSockDiagTable.Dumps(listeners));

            var all = NetlinkSockDiagTable.Dumps(SocketTableRequest.Everything());
            Assert.Equal(4, all.Count);
            Assert.All(all, d => Assert.Equal(0x1FFFu, d.States));

            var synRecv = NetlinkSockDiagTable.TcpStates(new HashSet<SocketState> { SocketState.SynReceived });
            Assert.Equal((1u << 3) | (1u << 12), synRecv); // TCP_NEW_SYN_RECV request sockets too

            var v6TcpOnly = new SocketTableRequest { IncludeUdp = false, IncludeIPv4 = false };
            Assert.Equal(new[] { ((byte)10, (byte)6, 0x1FFFu) }, NetlinkSockDiagTable.Dumps(v6TcpOnly));

            var noTcpState = new SocketTableRequest { TcpStates = new HashSet<SocketState>(), IncludeUdp = false };
            Assert.Empty(NetlinkSockDiagTable.Dumps(noTcpState));
        }

        [Fact]
        public void Parses_ipv4_tcp_rows_and_done()
        {
            var data = Datagram(
                InetDiag(5, IPAddress.Parse("127.0.0.1"), 8080, IPAddress.Any, 0, 10, 0, 1001),
                InetDiag(5, IPAddress.Parse("127.0.0.1"), 51000, IPAddress.Parse("127.0.0.1"), 8080, 1, 1000, 1002),
                Done(5));
            var rows = new List<SocketRecord>();

            bool done = new SockDiagReplyParser().Parse(data, 0, data.Length, 5, TransportProtocol.Tcp, rows);

            Assert.True(done);
            Assert.Equal(2, rows.Count);
            Assert.Equal(TransportProtocol.Tcp, rows[0].Protocol);
            Assert.Equal(IPFamily.IPv4, rows[0].Family);
            Assert.Equal(IPAddress.Loopback, rows[0].LocalAddress);
            Assert.Equal(8080, rows[0].LocalPort);
            Assert.Equal(IPAddress.Any, rows[0].RemoteAddress);
            Assert.Equal(0, rows[0].RemotePort);
            Assert.Equal(SocketState.Listen, rows[0].State);
            Assert.Equal(1001ul, rows[0].Inode);
            Assert.Equal(0u, rows[0].Uid);
            Assert.Equal(51000, rows[1].LocalPort);
            Assert.Equal(8080, rows[1].RemotePort);
            Assert.Equal(SocketState.Established, rows[1].State);
            Assert.Equal(1000u, rows[1].Uid);
            // Repeated addresses share one instance: 100k rows of 127.0.0.1 must not mean 100k IPAddress objects.
            Assert.Same(rows[0].LocalAddress, rows[1].LocalAddress);
            Assert.Same(rows[1].LocalAddress, rows[1].RemoteAddress);
        }

        [Fact]
        public void Parses_ipv6_udp_rows()
        {
            var data = Datagram(
                InetDiag(9, IPAddress.IPv6Loopback, 5353, IPAddress.IPv6Any, 0, 7, 0, 2001, withAttribute: false),
                InetDiag(9, IPAddress.Parse("::ffff:127.0.0.1"), 40000, IPAddress.Parse("fe80::1"), 53, 1, 0, 2002),
                InetDiag(9, IPAddress.IPv6Any, 5353, IPAddress.IPv6Any, 0, 7, 0, 2003),
                Done(9));
            var rows = new List<SocketRecord>();

            Assert.True(new SockDiagReplyParser().Parse(data, 0, data.Length, 9, TransportProtocol.Udp, rows));

            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal(IPFamily.IPv6, r.Family));
            Assert.All(rows, r => Assert.Equal(TransportProtocol.Udp, r.Protocol));
            Assert.Equal(IPAddress.IPv6Loopback, rows[0].LocalAddress);
            Assert.Equal(SocketState.Bound, rows[0].State);
            Assert.Equal(IPAddress.Parse("::ffff:127.0.0.1"), rows[1].LocalAddress);
            Assert.Equal(IPAddress.Parse("fe80::1"), rows[1].RemoteAddress);
            Assert.Equal(53, rows[1].RemotePort);
            Assert.Equal(SocketState.Established, rows[1].State); // a connect()ed UDP socket
            Assert.Same(rows[0].RemoteAddress, rows[2].LocalAddress);
        }

        [Fact]
        public void A_dump_spans_several_datagrams_and_ignores_other_sequences()
        {
            var parser = new SockDiagReplyParser();
            var rows = new List<SocketRecord>();
            var first = Datagram(
                InetDiag(3, IPAddress.Loopback, 1, IPAddress.Any, 0, 10, 0, 1),
                InetDiag(2, IPAddress.Loopback, 99, IPAddress.Any, 0, 10, 0, 99), // a stale answer to request 2
                InetDiag(3, IPAddress.Loopback, 2, IPAddress.Any, 0, 10, 0, 2));
            var second = Datagram(
                InetDiag(3, IPAddress.Loopback, 3, IPAddress.Any, 0, 10, 0, 3),
                Done(3));

            // The parser reads at an offset inside a larger buffer, as the receive loop may.
            var big = new byte[first.Length + 10];
            Buffer.BlockCopy(first, 0, big, 10, first.Length);
            Assert.False(parser.Parse(big, 10, first.Length, 3, TransportProtocol.Tcp, rows));
            Assert.True(parser.Parse(second, 0, second.Length, 3, TransportProtocol.Tcp, rows));

            Assert.Equal(new[] { 1, 2, 3 }, rows.ConvertAll(r => r.LocalPort));
        }

        [Fact]
        public void Nlmsg_error_becomes_an_exception_with_the_errno()
        {
            var data = Datagram(Error(4, -2)); // -ENOENT: no handler for the protocol (udp_diag not loaded)
            var e = Assert.Throws<NetlinkErrorException>(() => new SockDiagReplyParser().Parse(data, 0, data.Length, 4, TransportProtocol.Udp,
                new List<SocketRecord>()));
            Assert.Equal(2, e.Errno);
            Assert.Contains("ENOENT", e.Message);
        }

        [Fact]
        public void An_ack_ends_the_exchange_and_a_failed_done_throws()
        {
            var ack = Datagram(Error(4, 0));
            Assert.True(new SockDiagReplyParser().Parse(ack, 0, ack.Length, 4, TransportProtocol.Tcp, new List<SocketRecord>()));

            var failed = Datagram(InetDiag(6, IPAddress.Loopback, 1, IPAddress.Any, 0, 10, 0, 1), Done(6, -16));
            var e = Assert.Throws<NetlinkErrorException>(() => new SockDiagReplyParser().Parse(failed, 0, failed.Length, 6, TransportProtocol.Tcp,
                new List<SocketRecord>()));
            Assert.Equal(16, e.Errno);
        }

        [Fact]
        public void Malformed_datagrams_are_rejected()
        {
            var parser = new SockDiagReplyParser();
            var good = Datagram(InetDiag(1, IPAddress.Loopback, 1, IPAddress.Any, 0, 10, 0, 1));

            // A length running past the end.
            var overlong = (byte[])good.Clone();
            PutU32(overlong, 0, (uint)good.Length + 4);
            Assert.Throws<FormatException>(() => parser.Parse(overlong, 0, overlong.Length, 1, TransportProtocol.Tcp, new List<SocketRecord>()));

            // A length shorter than a header.
            var tiny = (byte[])good.Clone();
            PutU32(tiny, 0, 8);
            Assert.Throws<FormatException>(() => parser.Parse(tiny, 0, tiny.Length, 1, TransportProtocol.Tcp, new List<SocketRecord>()));

            // An inet_diag_msg cut short.
            var cut = Message(20, 2, 1, new byte[40]);
            Assert.Throws<FormatException>(() => parser.Parse(cut, 0, cut.Length, 1, TransportProtocol.Tcp, new List<SocketRecord>()));
        }

        [Fact]
        public void Noop_and_unknown_families_are_skipped()
        {
            var unknownFamily = InetDiag(8, IPAddress.Loopback, 1, IPAddress.Any, 0, 10, 0, 1);
            unknownFamily[16] = 1; // AF_UNIX: not ours
            var data = Datagram(Message(1, 0, 8, new byte[0]), unknownFamily, InetDiag(8, IPAddress.Loopback, 2, IPAddress.Any, 0, 10, 0, 2),
                Done(8));
            var rows = new List<SocketRecord>();

            Assert.True(new SockDiagReplyParser().Parse(data, 0, data.Length, 8, TransportProtocol.Tcp, rows));
            Assert.Single(rows);
            Assert.Equal(2, rows[0].LocalPort);
        }

        [Fact]
        public void Every_tcp_state_maps()
        {
            var expected = new Dictionary<byte, SocketState>
            {
                [1] = SocketState.Established, [2] = SocketState.SynSent, [3] = SocketState.SynReceived, [4] = SocketState.FinWait1,
                [5] = SocketState.FinWait2, [6] = SocketState.TimeWait, [7] = SocketState.Closed, [8] = SocketState.CloseWait,
                [9] = SocketState.LastAck, [10] = SocketState.Listen, [11] = SocketState.Closing, [12] = SocketState.SynReceived,
                [13] = SocketState.Unknown,
            };
            var messages = new List<byte[]>();
            foreach (var state in expected.Keys)
            {
                messages.Add(InetDiag(11, IPAddress.Loopback, state, IPAddress.Loopback, 80, state, 0, state));
            }

            messages.Add(Done(11));
            var data = Datagram(messages.ToArray());
            var rows = new List<SocketRecord>();
            new SockDiagReplyParser().Parse(data, 0, data.Length, 11, TransportProtocol.Tcp, rows);

            Assert.Equal(expected.Count, rows.Count);
            foreach (var row in rows)
            {
                Assert.Equal(expected[(byte)row.LocalPort], row.State);
            }
        }
    }
}
