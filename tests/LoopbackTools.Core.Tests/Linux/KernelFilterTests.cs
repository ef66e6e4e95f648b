using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// Filter programs against the live kernel, on listeners and connections this test opens: a filtered dump returns
    /// exactly the rows that the whole dump, filtered in user space, keeps; and a program the kernel refuses falls back
    /// to the whole dump. Other processes' sockets come and go meanwhile, so rows are compared on our own sockets, and
    /// every row the kernel kept must pass the user-space filter.
    /// </summary>
    public class KernelFilterTests
    {
        [Fact]
        public void Filtered_dumps_keep_exactly_what_user_space_keeps_from_the_whole_dump()
        {
            using var live = new LiveSockets();
            var busy = live.TcpListener(IPAddress.Loopback);
            var quiet = live.TcpListener(IPAddress.Loopback);
            var v6 = live.TcpListener(IPAddress.IPv6Loopback);
            var udp = live.UdpBound(IPAddress.Loopback);
            var busyConnections = Enumerable.Range(0, 200).Select(_ => live.Connect(busy)).ToList();
            var quietConnections = Enumerable.Range(0, 3).Select(_ => live.Connect(quiet)).ToList();
            var v6Connections = Enumerable.Range(0, 2).Select(_ => live.Connect(v6)).ToList();
            var ours = new HashSet<ulong>(new[] { busy, quiet, v6, udp }
                .Concat(busyConnections.Concat(quietConnections).Concat(v6Connections).SelectMany(c => new[] { c.Client, c.Server }))
                .Select(LiveSockets.Inode));
            int busyPort = LiveSockets.Port(busy);
            int quietPort = LiveSockets.Port(quiet);
            int v6Port = LiveSockets.Port(v6);
            int aClientPort = LiveSockets.Port(quietConnections[1].Client);
            var table = new NetlinkSockDiagTable();

            var cases = new (string Name, SocketTableRequest Request)[]
            {
                ("busy listener port", Ports(local: new[] { busyPort })),
                ("two local ports, two families", Ports(local: new[] { quietPort, v6Port })),
                ("remote port", Ports(remote: new[] { busyPort })),
                ("local and remote port", Ports(local: new[] { aClientPort }, remote: new[] { quietPort })),
                ("a range of local ports",
                    Ports(local: Enumerable.Range(Math.Min(busyPort, quietPort), Math.Abs(busyPort - quietPort) + 1).ToArray())),
                ("udp port", Ports(local: new[] { LiveSockets.Port(udp) })),
                ("loopback or wildcard", new SocketTableRequest { LoopbackOrWildcardOnly = true }),
            };

            foreach (var (name, request) in cases)
            {
                var query = new EndpointQuery
                {
                    All = !request.LoopbackOrWildcardOnly,
                    LocalPorts = request.LocalPorts,
                    RemotePorts = request.RemotePorts,
                };

                var filtered = table.Read(request, CancellationToken.None);
                Assert.False(table.LastFilterRefused, name);
                Assert.Equal(4, table.LastFilteredDumps); // the kernel ran the program on every dump
                var whole = table.Read(SocketTableRequest.Everything(), CancellationToken.None);

                // Exact, but for one thing only user space decides: a wildcard bound to a device other than loopback.
                Assert.All(filtered, r => Assert.True(
                    EndpointInventory.Matches(query, r) || (AddressClassifier.IsWildcard(r.LocalAddress) && r.InterfaceIndex > 1),
                    $"{name}: the kernel kept {Describe(r)}"));
                Assert.Equal(
                    whole.Where(r => ours.Contains(r.Inode) && EndpointInventory.Matches(query, r)).Select(Describe).OrderBy(x => x),
                    filtered.Where(r => ours.Contains(r.Inode)).Select(Describe).OrderBy(x => x));
            }

            // The listener with hundreds of connections: itself and its 200 accepted sockets, nothing else of ours.
            var byPort = table.Read(Ports(local: new[] { busyPort }), CancellationToken.None);
            Assert.Equal(201, byPort.Count(r => ours.Contains(r.Inode)));
            Assert.Equal(200, table.Read(Ports(remote: new[] { busyPort }), CancellationToken.None).Count(r => ours.Contains(r.Inode)));
        }

        [Fact]
        public void The_inventory_answers_a_port_query_with_the_same_endpoints_as_the_whole_table()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            var connections = Enumerable.Range(0, 50).Select(_ => live.Connect(listener)).ToList();
            int port = LiveSockets.Port(listener);
            var ours = new HashSet<ulong>(connections.SelectMany(c => new[] { c.Client, c.Server }).Append(listener).Select(LiveSockets.Inode));
            var inventory = EndpointInventory.ForCurrentPlatform();

            var narrow = inventory.Query(new EndpointQuery { LocalPorts = new HashSet<int> { port }, ResolveOwners = false });
            var everything = inventory.Query(new EndpointQuery { All = true, ResolveOwners = false });

            var expected = everything.Endpoints.Where(e => e.LocalPort == port && ours.Contains(e.SocketId)).Select(Fields).ToList();
            Assert.Equal(51, expected.Count);
            Assert.Equal(expected, narrow.Endpoints.Where(e => ours.Contains(e.SocketId)).Select(Fields).ToList());
            Assert.All(narrow.Endpoints, e => Assert.Equal(port, e.LocalPort));
        }

        [Fact]
        public void A_program_the_kernel_refuses_falls_back_to_the_whole_dump()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            var connection = live.Connect(listener);
            var ours = new HashSet<ulong>(new[] { listener, connection.Client, connection.Server }.Select(LiveSockets.Inode));

            // Op code 255 exists in no kernel: inet_diag_bc_audit answers EINVAL.
            var table = new NetlinkSockDiagTable(SockDiagSocket.Open, (request, family) => new byte[] { 255, 4, 8, 0 });
            var rows = table.Read(Ports(local: new[] { LiveSockets.Port(listener) }), CancellationToken.None);

            Assert.True(table.LastFilterRefused);
            Assert.Equal(0, table.LastFilteredDumps);
            Assert.Equal(3, rows.Count(r => ours.Contains(r.Inode))); // the whole dump: the client's local port is not the listener's
        }

        private static SocketTableRequest Ports(int[]? local = null, int[]? remote = null) => new SocketTableRequest
        {
            LocalPorts = local == null ? null : new HashSet<int>(local),
            RemotePorts = remote == null ? null : new HashSet<int>(remote),
        };

        private static string Describe(SocketRecord r) =>
            $"{r.Protocol} {r.Family} {r.LocalAddress}:{r.LocalPort} {r.RemoteAddress}:{r.RemotePort} {r.State} {r.Inode}";

        private static string Fields(Endpoint e) =>
            string.Join("|", typeof(Endpoint).GetProperties().Select(p => $"{p.Name}={p.GetValue(e)}"));
    }
}
