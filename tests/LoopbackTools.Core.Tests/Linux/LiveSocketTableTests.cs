using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Sockets;
using Xunit;
using LoopbackTools.Native;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>Both Linux sources against the live kernel, on sockets this test opens and closes.</summary>
    public class LiveSocketTableTests
    {
        public static IEnumerable<object[]> Sources()
        {
            yield return new object[] { "netlink" };
            yield return new object[] { "procnet" };
        }

        private static ISocketTable Source(string name) =>
            name == "netlink" ? new NetlinkSockDiagTable() : (ISocketTable)new ProcNetSocketTable();

        [Theory]
        [MemberData(nameof(Sources))]
        public void Sees_listeners_bound_udp_and_both_rows_of_a_connection(string sourceName)
        {
            using var live = new LiveSockets();
            var expected = OpenEverything(live);

            var rows = Source(sourceName).Read(SocketTableRequest.Everything(), CancellationToken.None);

            foreach (var e in expected)
            {
                var row = Assert.Single(rows, r => r.Inode == e.Inode);
                Assert.Equal(e.Protocol, row.Protocol);
                Assert.Equal(e.Family, row.Family);
                Assert.Equal(e.LocalAddress, row.LocalAddress);
                Assert.Equal(e.LocalPort, row.LocalPort);
                Assert.Equal(e.RemoteAddress, row.RemoteAddress);
                Assert.Equal(e.RemotePort, row.RemotePort);
                Assert.Equal(e.State, row.State);
                Assert.Equal(LibC.geteuid(), row.Uid); // the kernel reports the creating user
            }
        }

        [Fact]
        public void Netlink_and_procnet_agree_on_the_test_sockets()
        {
            using var live = new LiveSockets();
            var expected = OpenEverything(live);
            var inodes = new HashSet<ulong>(expected.Select(e => e.Inode));

            var fromNetlink = Key(new NetlinkSockDiagTable().Read(SocketTableRequest.Everything(), CancellationToken.None), inodes);
            var fromProcNet = Key(new ProcNetSocketTable().Read(SocketTableRequest.Everything(), CancellationToken.None), inodes);

            Assert.Equal(expected.Count, fromNetlink.Count);
            Assert.Equal(fromProcNet, fromNetlink);
        }

        [Fact]
        public void Netlink_pushes_listening_only_down_to_the_kernel()
        {
            using var live = new LiveSockets();
            var expected = OpenEverything(live);
            var request = new SocketTableRequest { TcpStates = new HashSet<SocketState> { SocketState.Listen }, UdpBoundOnly = true };

            var rows = new NetlinkSockDiagTable().Read(request, CancellationToken.None);

            Assert.All(rows, r => Assert.Contains(r.State, new[] { SocketState.Listen, SocketState.Bound }));
            foreach (var e in expected)
            {
                bool wanted = e.State == SocketState.Listen || e.State == SocketState.Bound;
                Assert.Equal(wanted, rows.Any(r => r.Inode == e.Inode));
            }
        }

        [Fact]
        public void Netlink_tells_connected_udp_from_bound_udp()
        {
            using var live = new LiveSockets();
            var target = live.UdpBound(IPAddress.Loopback);
            var connected = live.UdpBound(IPAddress.Loopback);
            connected.Connect(new IPEndPoint(IPAddress.Loopback, LiveSockets.Port(target)));
            var table = new NetlinkSockDiagTable();

            var all = table.Read(new SocketTableRequest { IncludeTcp = false }, CancellationToken.None);
            var boundOnly = table.Read(new SocketTableRequest { IncludeTcp = false, UdpBoundOnly = true }, CancellationToken.None);

            var row = Assert.Single(all, r => r.Inode == LiveSockets.Inode(connected));
            Assert.Equal(SocketState.Established, row.State);
            Assert.Equal(LiveSockets.Port(target), row.RemotePort);
            Assert.DoesNotContain(boundOnly, r => r.Inode == LiveSockets.Inode(connected));
            Assert.Contains(boundOnly, r => r.Inode == LiveSockets.Inode(target));
        }

        [Fact]
        public void Netlink_reads_are_repeatable_and_reuse_addresses()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            var connections = Enumerable.Range(0, 20).Select(_ => live.Connect(listener)).ToList();
            var table = new NetlinkSockDiagTable();

            var first = table.Read(SocketTableRequest.Everything(), CancellationToken.None);
            var second = table.Read(SocketTableRequest.Everything(), CancellationToken.None);

            var ours = new HashSet<ulong>(connections.SelectMany(c => new[] { LiveSockets.Inode(c.Client), LiveSockets.Inode(c.Server) }));
            var firstOurs = first.Where(r => ours.Contains(r.Inode)).ToList();
            Assert.Equal(40, firstOurs.Count);
            Assert.Equal(40, second.Count(r => ours.Contains(r.Inode)));
            // 40 rows, 80 addresses, all 127.0.0.1: one IPAddress instance.
            Assert.Single(firstOurs.SelectMany(r => new[] { r.LocalAddress, r.RemoteAddress }).Distinct(ReferenceEqualityComparer.Instance));
        }

        private static List<string> Key(IReadOnlyList<SocketRecord> rows, HashSet<ulong> inodes) =>
            rows.Where(r => inodes.Contains(r.Inode))
                .Select(r => $"{r.Protocol} {r.Family} {r.LocalAddress}:{r.LocalPort} {r.RemoteAddress}:{r.RemotePort} {r.State} {r.Inode} {r.Uid}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();

        /// <summary>TCP listeners and UDP sockets on 127.0.0.1, ::1, 0.0.0.0 and ::, and one TCP connection on 127.0.0.1.</summary>
        private static List<SocketRecord> OpenEverything(LiveSockets live)
        {
            var expected = new List<SocketRecord>();
            Socket? loopbackListener = null;
            foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Any, IPAddress.IPv6Any })
            {
                var family = address.AddressFamily == AddressFamily.InterNetwork ? IPFamily.IPv4 : IPFamily.IPv6;
                var any = family == IPFamily.IPv4 ? IPAddress.Any : IPAddress.IPv6Any;
                var tcp = live.TcpListener(address);
                loopbackListener ??= tcp;
                expected.Add(Row(TransportProtocol.Tcp, family, address, LiveSockets.Port(tcp), any, 0, SocketState.Listen, tcp));
                var udp = live.UdpBound(address);
                expected.Add(Row(TransportProtocol.Udp, family, address, LiveSockets.Port(udp), any, 0, SocketState.Bound, udp));
            }

            var (client, server) = live.Connect(loopbackListener!);
            int serverPort = LiveSockets.Port(loopbackListener!);
            int clientPort = LiveSockets.Port(client);
            expected.Add(Row(TransportProtocol.Tcp, IPFamily.IPv4, IPAddress.Loopback, clientPort, IPAddress.Loopback, serverPort,
                SocketState.Established, client));
            expected.Add(Row(TransportProtocol.Tcp, IPFamily.IPv4, IPAddress.Loopback, serverPort, IPAddress.Loopback, clientPort,
                SocketState.Established, server));
            return expected;
        }

        private static SocketRecord Row(TransportProtocol protocol, IPFamily family, IPAddress local, int localPort, IPAddress remote, int remotePort,
            SocketState state, Socket socket) =>
            new SocketRecord
            {
                Protocol = protocol,
                Family = family,
                LocalAddress = local,
                LocalPort = localPort,
                RemoteAddress = remote,
                RemotePort = remotePort,
                State = state,
                Inode = LiveSockets.Inode(socket),
            };
    }
}
