using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Sockets;
using Xunit;
using static LoopbackTools.Tests.Netlink.SockDiagMessages;

namespace LoopbackTools.Tests.Netlink
{
    /// <summary>
    /// The kernel's socket facts (uid, v6-only flag, bound device, queues) and the interrupted-dump flag, on netlink
    /// datagrams crafted byte by byte in the kernel's layout: an interrupted dump cannot be caused on demand.
    /// </summary>
    public class SockDiagFactsTests
    {
        [Fact]
        public void Crafted_messages_carry_uid_above_2_pow_31_v6only_interface_and_queues()
        {
            var data = Datagram(
                InetDiag(3, IPAddress.IPv6Any, 8080, IPAddress.IPv6Any, 0, 10, 3000000000u, 11,
                    ifIndex: 0, receiveQueue: 4, sendQueue: 128, v6Only: 0),
                InetDiag(3, IPAddress.IPv6Any, 8081, IPAddress.IPv6Any, 0, 10, 4294967294u, 12, ifIndex: 0, v6Only: 1),
                InetDiag(3, IPAddress.Parse("fe80::1"), 8082, IPAddress.IPv6Any, 0, 10, 0, 13, ifIndex: 7, v6Only: 1, withAttribute: false),
                InetDiag(3, IPAddress.Parse("2001:db8::1"), 50000, IPAddress.Parse("2001:db8::2"), 443, 1, 1000, 14,
                    ifIndex: 0, receiveQueue: 17, sendQueue: 99),
                Done(3));
            var rows = new List<SocketRecord>();

            Assert.True(new SockDiagReplyParser().Parse(data, 0, data.Length, 3, TransportProtocol.Tcp, rows));

            var dual = rows.Single(r => r.Inode == 11);
            Assert.Equal(3000000000u, dual.Uid);
            Assert.False(dual.IPv6Only);
            Assert.Equal(0, dual.InterfaceIndex);
            Assert.Equal(4u, dual.ReceiveQueue); // accept queue of a listener
            Assert.Equal(128u, dual.SendQueue); // its backlog

            var v6only = rows.Single(r => r.Inode == 12);
            Assert.Equal(4294967294u, v6only.Uid); // nobody on 32-bit uid systems: never -2
            Assert.True(v6only.IPv6Only);

            var linkLocal = rows.Single(r => r.Inode == 13);
            Assert.Equal(7, linkLocal.InterfaceIndex); // the scope the kernel reports in idiag_if
            Assert.True(linkLocal.IPv6Only); // found even without the SHUTDOWN attribute before it

            var connection = rows.Single(r => r.Inode == 14);
            Assert.Null(connection.IPv6Only); // the kernel sends the flag for LISTEN and CLOSE sockets only
            Assert.Equal(17u, connection.ReceiveQueue);
            Assert.Equal(99u, connection.SendQueue);
        }

        [Fact]
        public void Ipv4_rows_have_no_v6only_flag_even_if_an_attribute_says_so()
        {
            var data = Datagram(InetDiag(4, IPAddress.Any, 53, IPAddress.Any, 0, 7, 0, 21, v6Only: 1), Done(4));
            var rows = new List<SocketRecord>();
            new SockDiagReplyParser().Parse(data, 0, data.Length, 4, TransportProtocol.Udp, rows);
            Assert.Null(Assert.Single(rows).IPv6Only);
        }

        [Fact]
        public void A_broken_attribute_list_leaves_the_flag_unknown_and_keeps_the_row()
        {
            var message = InetDiag(5, IPAddress.IPv6Any, 80, IPAddress.IPv6Any, 0, 10, 0, 31, v6Only: 1);
            PutU16(message, 16 + 72, 200); // SHUTDOWN's nla_len now runs past the message
            var data = Datagram(message, Done(5));
            var rows = new List<SocketRecord>();

            Assert.True(new SockDiagReplyParser().Parse(data, 0, data.Length, 5, TransportProtocol.Tcp, rows));
            Assert.Null(Assert.Single(rows).IPv6Only);
        }

        [Fact]
        public void A_dump_marked_interrupted_is_asked_for_again_and_only_the_second_answer_counts()
        {
            // First answer: NLM_F_MULTI | NLM_F_DUMP_INTR on every message, with a socket that the second answer no longer has.
            var transport = new ReplayTransport(
                seq => Datagram(
                    InetDiag(seq, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 41, flags: 0x12),
                    InetDiag(seq, IPAddress.Loopback, 2222, IPAddress.Any, 0, 10, 0, 42, flags: 0x12),
                    Done(seq)),
                seq => Datagram(InetDiag(seq, IPAddress.Loopback, 2222, IPAddress.Any, 0, 10, 0, 42), Done(seq)));
            var request = TcpIPv4Listeners();

            var rows = new NetlinkSockDiagTable(() => transport).Read(request, CancellationToken.None);

            Assert.Equal(2, transport.Requests);
            Assert.Equal(new ulong[] { 42 }, rows.Select(r => r.Inode));
            Assert.Empty(request.Warnings);
        }

        [Fact]
        public void A_dump_interrupted_twice_is_kept_with_one_warning()
        {
            var transport = new ReplayTransport(
                seq => Datagram(InetDiag(seq, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 51, flags: 0x12), Done(seq)),
                seq => Datagram(InetDiag(seq, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 51, flags: 0x12), Done(seq)));
            var request = TcpIPv4Listeners();

            var rows = new NetlinkSockDiagTable(() => transport).Read(request, CancellationToken.None);

            Assert.Equal(2, transport.Requests); // once more, not forever
            Assert.Equal(new ulong[] { 51 }, rows.Select(r => r.Inode));
            var warning = Assert.Single(request.Warnings);
            Assert.Contains("TCP/IPv4", warning);
            Assert.Contains("NLM_F_DUMP_INTR", warning);
        }

        [Fact]
        public void The_flag_on_the_done_message_alone_counts_too()
        {
            var transport = new ReplayTransport(
                seq =>
                {
                    var done = Done(seq);
                    PutU16(done, 6, 0x12);
                    return Datagram(InetDiag(seq, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 61), done);
                },
                seq => Datagram(InetDiag(seq, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 61), Done(seq)));

            var rows = new NetlinkSockDiagTable(() => transport).Read(TcpIPv4Listeners(), CancellationToken.None);

            Assert.Equal(2, transport.Requests);
            Assert.Single(rows);
        }

        private static SocketTableRequest TcpIPv4Listeners() => new SocketTableRequest
        {
            IncludeUdp = false,
            IncludeIPv6 = false,
            TcpStates = new HashSet<SocketState> { SocketState.Listen },
        };

        /// <summary>Answers the n-th request with the n-th script, under the sequence number the request carried.</summary>
        private sealed class ReplayTransport : ISockDiagTransport
        {
            private readonly Func<uint, byte[]>[] _answers;
            private byte[]? _pending;

            public ReplayTransport(params Func<uint, byte[]>[] answers)
            {
                _answers = answers;
            }

            public int Requests { get; private set; }

            public void Send(byte[] request, int length)
            {
                Assert.Equal(72, length);
                uint sequence = BitConverter.ToUInt32(request, 8);
                _pending = _answers[Requests](sequence);
                Requests++;
            }

            public int Receive(byte[] buffer)
            {
                Assert.NotNull(_pending);
                Buffer.BlockCopy(_pending!, 0, buffer, 0, _pending!.Length);
                int n = _pending.Length;
                _pending = null;
                return n;
            }

            public void Dispose()
            {
            }
        }
    }
}
