using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.FreePorts;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.FreePorts
{
    /// <summary>Real holders on each of the four addresses a server might use; the finder must see every one.</summary>
    public class FreePortFinderTests
    {
        [Theory]
        [InlineData("0.0.0.0", ProtocolType.Tcp)]
        [InlineData("::", ProtocolType.Tcp)]
        [InlineData("127.0.0.1", ProtocolType.Tcp)]
        [InlineData("::1", ProtocolType.Tcp)]
        [InlineData("0.0.0.0", ProtocolType.Udp)]
        [InlineData("::", ProtocolType.Udp)]
        [InlineData("127.0.0.1", ProtocolType.Udp)]
        [InlineData("::1", ProtocolType.Udp)]
        public void Never_returns_a_port_held_on_any_one_address(string address, ProtocolType protocol)
        {
            using var holder = Hold(IPAddress.Parse(address), protocol);
            int held = Port(holder);
            var selection = protocol == ProtocolType.Tcp ? ProtocolSelection.Tcp : ProtocolSelection.Udp;

            var search = FreePortFinder.ForThisMachine().Find(
                new FreePortQuery { Ports = PortList.Parse(new[] { held.ToString() }), Protocol = selection }, CancellationToken.None);
            Assert.Empty(search.Ports);

            // Asked for both protocols, the port is still taken.
            search = FreePortFinder.ForThisMachine().Find(
                new FreePortQuery { Ports = PortList.Parse(new[] { held.ToString() }), Protocol = ProtocolSelection.Both }, CancellationToken.None);
            Assert.Empty(search.Ports);
        }

        [Theory]
        [InlineData("127.0.0.1", IPFamilySelection.IPv6)]
        [InlineData("::1", IPFamilySelection.IPv4)]
        public void Skips_a_port_taken_on_the_other_family_even_when_asked_for_one_family(string address, IPFamilySelection family)
        {
            using var holder = Hold(IPAddress.Parse(address), ProtocolType.Tcp);
            var search = FreePortFinder.ForThisMachine().Find(
                new FreePortQuery { Ports = PortList.Parse(new[] { Port(holder).ToString() }), AddressFamily = family }, CancellationToken.None);
            Assert.Empty(search.Ports);
        }

        [Fact]
        public void Returns_the_free_ports_of_a_list_and_leaves_out_the_held_ones()
        {
            var holders = new[] { "0.0.0.0", "::", "127.0.0.1", "::1" }.Select(a => Hold(IPAddress.Parse(a), ProtocolType.Tcp)).ToList();
            try
            {
                var held = holders.Select(Port).ToList();
                var candidates = held.Concat(Enumerable.Range(1, 4).Select(_ => ReleasedPort())).ToList();
                var search = FreePortFinder.ForThisMachine().Find(
                    new FreePortQuery { Ports = PortList.Parse(candidates.Select(p => p.ToString())), Count = 8, Protocol = ProtocolSelection.Both },
                        CancellationToken.None);

                Assert.Empty(search.Ports.Select(p => p.Port).Intersect(held));
                Assert.Equal(search.Ports.Count, search.Ports.Select(p => p.Port).Distinct().Count());
                Assert.InRange(search.Ports.Count, 1, 4);
                Assert.All(search.Ports, p => Assert.Equal(ProtocolSelection.Both, p.Protocol));
                Assert.All(search.Ports, p => Assert.Equal(IPFamilySelection.Both, p.AddressFamily));
            }
            finally
            {
                holders.ForEach(h => h.Dispose());
            }
        }

        [Fact]
        public void By_default_avoids_the_ephemeral_and_privileged_ranges_and_never_repeats_a_port()
        {
            var ephemeral = EphemeralRangeReader.Read(TransportProtocol.Tcp);
            var search = FreePortFinder.ForThisMachine().Find(new FreePortQuery { Count = 200 }, CancellationToken.None);

            Assert.Equal(200, search.Ports.Count);
            Assert.Equal(200, search.Ports.Select(p => p.Port).Distinct().Count());
            Assert.All(search.Ports, p => Assert.False(ephemeral.Contains(p.Port), $"{p.Port} is in the ephemeral range"));
            Assert.All(search.Ports, p => Assert.True(p.Port >= 1024));
            Assert.Contains(search.Avoided, r => r.Kind == PortRangeKind.Ephemeral && r.StartPort == ephemeral.StartPort);
        }

        [Fact]
        public void Avoids_reserved_ranges_even_in_an_explicit_list_but_not_the_ephemeral_range()
        {
            int low = ReleasedPort();
            var reserved = new PortRange(TransportProtocol.Tcp, low, low, PortRangeKind.Reserved, "test");
            var ephemeralAll = new PortRange(TransportProtocol.Tcp, 1, 65535, PortRangeKind.Ephemeral, "test");
            var finder = new FreePortFinder(_ => ephemeralAll, _ => new[] { reserved }, (_, _) => new HashSet<(TransportProtocol, int)>(), true,
                new Random(1));

            var search = finder.Find(new FreePortQuery { Ports = PortList.Parse(new[] { low.ToString() }) }, CancellationToken.None);
            Assert.Empty(search.Ports);
            Assert.Equal(0, search.Candidates);

            int other = ReleasedPort();
            search = finder.Find(new FreePortQuery { Ports = PortList.Parse(new[] { other.ToString() }) }, CancellationToken.None);
            Assert.Equal(other, search.Ports.Single().Port);
            Assert.Contains(search.Warnings, w => w.Contains("ephemeral range"));
        }

        [Fact]
        public void Skips_ports_the_socket_table_shows_in_use()
        {
            int port = ReleasedPort();
            var finder = new FreePortFinder(EphemeralRangeReader.Read, ReservedRangeReader.Read,
                (_, _) => new HashSet<(TransportProtocol, int)> { (TransportProtocol.Tcp, port) }, true, new Random(2));
            var search = finder.Find(new FreePortQuery { Ports = PortList.Parse(new[] { port.ToString() }) }, CancellationToken.None);
            Assert.Empty(search.Ports);
            Assert.Equal(1, search.Checked);
        }

        [Fact]
        public void Checks_IPv4_only_and_says_so_when_the_machine_has_no_IPv6()
        {
            var finder = new FreePortFinder(EphemeralRangeReader.Read, ReservedRangeReader.Read, (_, _) => new HashSet<(TransportProtocol, int)>(),
                false, new Random(3));
            var search = finder.Find(new FreePortQuery(), CancellationToken.None);
            Assert.Equal(IPFamilySelection.IPv4, search.Ports.Single().AddressFamily);
            Assert.Contains(search.Notes, n => n.Contains("IPv4 only"));
            Assert.Throws<NotSupportedException>(() => finder.Find(new FreePortQuery { AddressFamily = IPFamilySelection.IPv6 },
                CancellationToken.None));
        }

        private static Socket Hold(IPAddress address, ProtocolType protocol)
        {
            var socket = protocol == ProtocolType.Tcp
                ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(address, 0));
            if (protocol == ProtocolType.Tcp)
            {
                socket.Listen(4);
            }

            return socket;
        }

        private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

        private static int ReleasedPort()
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return Port(s);
        }
    }
}
