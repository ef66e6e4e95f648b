using System.Linq;
using LoopbackTools.Namespaces;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>sockstat and sockstat6 as a kernel 6.18 namespace writes them (captured), and the dumps they leave out.</summary>
    public class SocketCountsTests
    {
        private const string Sockstat = "sockets: used 2\nTCP: inuse 1 orphan 0 tw 0 alloc 12 mem 104\nUDP: inuse 0 mem 0\n"
            + "UDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n";

        private const string Sockstat6 = "TCP6: inuse 0\nUDP6: inuse 1\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n";

        [Fact]
        public void Only_the_families_and_protocols_with_sockets_are_dumped()
        {
            var counts = SocketCounts.Parse(Sockstat, Sockstat6)!;

            var parts = counts.Narrow(new SocketTableRequest());

            Assert.Equal(2, parts.Count);
            Assert.True(parts[0].IncludeTcp && !parts[0].IncludeUdp && parts[0].IncludeIPv4 && !parts[0].IncludeIPv6);
            Assert.True(!parts[1].IncludeTcp && parts[1].IncludeUdp && !parts[1].IncludeIPv4 && parts[1].IncludeIPv6);
        }

        [Fact]
        public void Time_wait_sockets_keep_both_tcp_families_because_their_family_is_not_counted()
        {
            var counts = SocketCounts.Parse(Sockstat.Replace("inuse 1 orphan 0 tw 0", "inuse 0 orphan 0 tw 3"), Sockstat6)!;

            var tcp = counts.Narrow(new SocketTableRequest { IncludeUdp = false }).Single();

            Assert.True(tcp.IncludeIPv4 && tcp.IncludeIPv6);
        }

        [Fact]
        public void The_requests_own_narrowing_still_applies()
        {
            var counts = SocketCounts.Parse(Sockstat, Sockstat6)!;
            var listening = new System.Collections.Generic.HashSet<SocketState> { SocketState.Listen };

            var parts = counts.Narrow(new SocketTableRequest { IncludeIPv6 = false, TcpStates = listening, UdpBoundOnly = true });

            var tcp = Assert.Single(parts);
            Assert.Same(listening, tcp.TcpStates);
            Assert.True(tcp.UdpBoundOnly);
        }

        [Fact]
        public void Every_part_keeps_the_port_and_address_filters_the_kernel_applies()
        {
            var counts = SocketCounts.Parse(Sockstat, Sockstat6)!;
            var ports = new System.Collections.Generic.HashSet<int> { 5432 };
            var remote = new System.Collections.Generic.HashSet<int> { 0 };
            var request = new SocketTableRequest { LocalPorts = ports, RemotePorts = remote, LoopbackOrWildcardOnly = true };

            foreach (var part in counts.Narrow(request).Concat(SocketCounts.Everything(request)))
            {
                Assert.Same(ports, part.LocalPorts);
                Assert.Same(remote, part.RemotePorts);
                Assert.True(part.LoopbackOrWildcardOnly);
            }
        }

        [Fact]
        public void An_empty_namespace_needs_no_dump_and_unreadable_counters_need_every_dump()
        {
            var empty = SocketCounts.Parse(Sockstat.Replace("inuse 1", "inuse 0"), Sockstat6.Replace("UDP6: inuse 1", "UDP6: inuse 0"))!;

            Assert.Empty(empty.Narrow(new SocketTableRequest()));
            Assert.Null(SocketCounts.Parse(null, Sockstat6));
            Assert.Null(SocketCounts.Parse("sockets: used 2\n", null));
            Assert.Single(SocketCounts.Everything(new SocketTableRequest()));
        }

        [Fact]
        public void A_kernel_without_ipv6_has_no_sockstat6_and_no_ipv6_dumps()
        {
            var counts = SocketCounts.Parse(Sockstat, null)!;

            Assert.All(counts.Narrow(new SocketTableRequest()), p => Assert.False(p.IncludeIPv6));
        }
    }
}
