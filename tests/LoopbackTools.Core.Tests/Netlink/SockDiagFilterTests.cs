using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Sockets;
using Xunit;
using static LoopbackTools.Tests.Netlink.SockDiagMessages;

namespace LoopbackTools.Tests.Netlink
{
    /// <summary>
    /// The INET_DIAG_REQ_BYTECODE programs the netlink table sends, on bytes: exact layouts for small programs, and the
    /// kernel's audit and interpreter (re-stated in <see cref="InetDiagBytecodeModel"/>) over many sockets for the rest.
    /// The kernel's own verdict on the same programs is in Linux/KernelFilterTests.
    /// </summary>
    public class SockDiagFilterTests
    {
        private const byte V4 = 2;
        private const byte V6 = 10;

        [Fact]
        public void One_local_port_is_one_equality_test_that_rejects_past_the_end()
        {
            if (!BitConverter.IsLittleEndian)
            {
                return; // the expected bytes are written for little-endian hosts (ops are in host order)
            }

            var program = SockDiagFilter.Compile(Request(local: new[] { 8080 }), V4);

            Assert.Equal(
                new byte[]
                {
                    11, 8, 12, 0,          // S_EQ, yes: the end (8 bytes on), no: the end plus 4 (reject)
                    0, 0, 0x90, 0x1F,      // the port in `no`, host order: 8080
                },
                program);
        }

        [Fact]
        public void Ports_and_a_range_become_an_or_group_joined_by_jumps_and_anded_with_remote_ports()
        {
            if (!BitConverter.IsLittleEndian)
            {
                return;
            }

            // Local 22 or 8000-8002, and remote 5000.
            var program = SockDiagFilter.Compile(Request(local: new[] { 8002, 22, 8000, 8001 }, remote: new[] { 5000 }), V4)!;

            Assert.Equal(
                new byte[]
                {
                    11, 8, 12, 0,   0, 0, 22, 0,            // 0: S_EQ 22: yes -> JMP at 8, no -> next test at 12
                    1, 4, 20, 0,                           // 8: JMP: run leaves the group (to 28), audit steps to 12
                    2, 8, 28, 0,    0, 0, 0x40, 0x1F,      // 12: S_GE 8000: no -> reject, 36 + 4 = 12 + 28
                    3, 8, 20, 0,    0, 0, 0x42, 0x1F,      // 20: S_LE 8002: yes -> 28, no -> reject at 20 + 20
                    12, 8, 12, 0,   0, 0, 0x88, 0x13,      // 28: D_EQ 5000: yes -> the end (36), no -> reject
                },
                program);
            Assert.True(InetDiagBytecodeModel.Audit(program));
        }

        [Fact]
        public void The_request_carries_the_program_as_an_attribute_after_the_header()
        {
            var program = SockDiagFilter.Compile(Request(local: new[] { 443 }), V6)!;
            var buffer = new byte[128];

            int length = SockDiagWire.WriteDumpRequest(buffer, 0, V6, 6, 0x1FFF, 9, program);

            Assert.Equal(72 + 4 + 8, length);
            Assert.Equal((uint)length, BitConverter.ToUInt32(buffer, 0));   // nlmsg_len covers the attribute
            Assert.Equal((ushort)12, BitConverter.ToUInt16(buffer, 72));    // nla_len: header + 8 bytes of ops
            Assert.Equal((ushort)1, BitConverter.ToUInt16(buffer, 74));     // INET_DIAG_REQ_BYTECODE
            Assert.Equal(program, buffer.Skip(76).Take(8).ToArray());
        }

        [Fact]
        public void Nothing_to_narrow_means_no_program()
        {
            Assert.Null(SockDiagFilter.Compile(new SocketTableRequest(), V4));
            Assert.Null(SockDiagFilter.Compile(Request(local: Enumerable.Range(0, 65536).ToArray()), V4)); // every port

            // 65 separate ports: more tests than a per-socket program is worth; user space filters them.
            var scattered = Enumerable.Range(0, 65).Select(i => 1000 + (2 * i)).ToArray();
            Assert.Null(SockDiagFilter.Compile(Request(local: scattered), V4));
            Assert.NotNull(SockDiagFilter.Compile(Request(local: scattered.Take(64).ToArray()), V4));

            // ...but a long run of consecutive ports is one range test.
            Assert.Equal(16, SockDiagFilter.Compile(Request(local: Enumerable.Range(1024, 40000).ToArray()), V4)!.Length);
        }

        [Fact]
        public void A_port_filter_that_received_no_ports_sends_no_dump()
        {
            Assert.Empty(NetlinkSockDiagTable.Dumps(Request(local: Array.Empty<int>())));
            Assert.Empty(NetlinkSockDiagTable.Dumps(Request(remote: Array.Empty<int>())));
            Assert.Equal(4, NetlinkSockDiagTable.Dumps(Request(local: new[] { 1 })).Count);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(10)]
        public void Programs_pass_the_kernels_audit_and_keep_exactly_what_user_space_keeps(byte family)
        {
            var random = new Random(14);
            var addresses = family == V4
                ? new[] { "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "192.168.0.1", "128.0.0.1" }
                : new[] { "::1", "::", "::ffff:127.0.0.1", "::ffff:127.1.2.3", "::ffff:0.0.0.0", "::ffff:10.0.0.1", "fe80::1", "2001:db8::1", "::2" };
            var ports = new[] { 0, 1, 21, 22, 23, 80, 443, 8000, 8001, 8002, 8003, 49151, 65535 };
            for (int trial = 0; trial < 300; trial++)
            {
                var request = new SocketTableRequest
                {
                    LocalPorts = trial % 3 == 0 ? null : Pick(random, ports),
                    RemotePorts = trial % 4 == 0 ? null : Pick(random, ports),
                    LoopbackOrWildcardOnly = trial % 2 == 0,
                };
                var query = new EndpointQuery
                {
                    All = !request.LoopbackOrWildcardOnly,
                    LocalPorts = request.LocalPorts,
                    RemotePorts = request.RemotePorts,
                };
                var program = SockDiagFilter.Compile(request, family);
                if (program == null)
                {
                    Assert.True(request.LocalPorts == null && request.RemotePorts == null && !request.LoopbackOrWildcardOnly);
                    continue;
                }

                Assert.True(InetDiagBytecodeModel.Audit(program), $"trial {trial}: the kernel's audit would refuse the program");
                for (int s = 0; s < 40; s++)
                {
                    var row = new SocketRecord
                    {
                        Family = family == V4 ? IPFamily.IPv4 : IPFamily.IPv6,
                        LocalAddress = IPAddress.Parse(addresses[random.Next(addresses.Length)]),
                        LocalPort = ports[random.Next(ports.Length)],
                        RemoteAddress = IPAddress.Parse(addresses[random.Next(addresses.Length)]),
                        RemotePort = ports[random.Next(ports.Length)],
                        State = SocketState.Established,
                    };
                    bool kernel = InetDiagBytecodeModel.Run(program, family, row.LocalAddress, row.LocalPort, row.RemoteAddress, row.RemotePort);

                    // Exact for ports and addresses: the program keeps a row if and only if the inventory does (no
                    // socket here is bound to a device, the one thing the inventory alone decides).
                    Assert.Equal(EndpointInventory.Matches(query, row), kernel);
                }
            }
        }

        [Fact]
        public void A_refused_program_is_dropped_and_the_dump_taken_whole()
        {
            var transport = new FilterTransport(refuseFilters: true);
            var table = new NetlinkSockDiagTable(() => transport);

            var rows = table.Read(Request(local: new[] { 2222 }, tcpV4ListenersOnly: true), CancellationToken.None);

            Assert.Equal(new[] { 84, 72 }, transport.Lengths); // with the program, refused (EINVAL); then without
            Assert.True(table.LastFilterRefused);
            Assert.Equal(0, table.LastFilteredDumps);
            Assert.Equal(new ulong[] { 41, 42 }, rows.Select(r => r.Inode)); // the table's caller filters them
        }

        [Fact]
        public void An_accepted_program_is_sent_once()
        {
            var transport = new FilterTransport(refuseFilters: false);
            var table = new NetlinkSockDiagTable(() => transport);

            table.Read(Request(local: new[] { 2222 }, tcpV4ListenersOnly: true), CancellationToken.None);

            Assert.Equal(new[] { 84 }, transport.Lengths);
            Assert.False(table.LastFilterRefused);
            Assert.Equal(1, table.LastFilteredDumps);
        }

        private static HashSet<int> Pick(Random random, int[] ports)
        {
            var set = new HashSet<int>();
            int n = 1 + random.Next(4);
            for (int i = 0; i < n; i++)
            {
                set.Add(ports[random.Next(ports.Length)]);
            }

            return set;
        }

        private static SocketTableRequest Request(int[]? local = null, int[]? remote = null, bool tcpV4ListenersOnly = false)
        {
            var request = new SocketTableRequest
            {
                LocalPorts = local == null ? null : new HashSet<int>(local),
                RemotePorts = remote == null ? null : new HashSet<int>(remote),
            };
            if (tcpV4ListenersOnly)
            {
                request.IncludeUdp = false;
                request.IncludeIPv6 = false;
                request.TcpStates = new HashSet<SocketState> { SocketState.Listen };
            }

            return request;
        }

        /// <summary>Answers a request that carries a program with NLMSG_ERROR -EINVAL when told to, like a kernel whose audit refuses it.</summary>
        private sealed class FilterTransport : ISockDiagTransport
        {
            private readonly bool _refuseFilters;
            private byte[]? _pending;

            public FilterTransport(bool refuseFilters)
            {
                _refuseFilters = refuseFilters;
            }

            public List<int> Lengths { get; } = new List<int>();

            public void Send(byte[] request, int length)
            {
                Lengths.Add(length);
                uint sequence = BitConverter.ToUInt32(request, 8);
                _pending = _refuseFilters && length > 72
                    ? Datagram(Error(sequence, -22))
                    : Datagram(
                        InetDiag(sequence, IPAddress.Loopback, 1111, IPAddress.Any, 0, 10, 0, 41),
                        InetDiag(sequence, IPAddress.Loopback, 2222, IPAddress.Any, 0, 10, 0, 42),
                        Done(sequence));
            }

            public int Receive(byte[] buffer)
            {
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
