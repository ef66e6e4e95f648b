using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Conflicts;
using LoopbackTools.FreePorts;
using LoopbackTools.Ranges;
using LoopbackTools.Tests.Linux;
using Xunit;

namespace LoopbackTools.Tests.Conflicts
{
    /// <summary>
    /// The analyses reason with each :: socket's real IPV6_V6ONLY flag (read from the kernel), on real listeners of this
    /// process and of a python child: a dual-stack :: holds the IPv4 side of its port, a v6-only one does not.
    /// </summary>
    public class DualStackConflictTests
    {
        private const int SO_REUSEPORT = 15;

        /// <summary>
        /// This machine's ranges, with a chosen answer for 'localhost' and an unknown system default (so only the sockets'
        /// own flags count).
        /// </summary>
        private static PortEnvironment Environment(params string[] localhost)
        {
            var here = PortEnvironment.ForCurrentPlatform();
            return new PortEnvironment(here.Platform, here.EphemeralRange(TransportProtocol.Tcp), here.EphemeralRange(TransportProtocol.Udp),
                here.ReservedRanges(TransportProtocol.Tcp), here.ReservedRanges(TransportProtocol.Udp),
                localhost.Select(IPAddress.Parse).ToArray(), here.CanBindPrivilegedPorts, ipv6OnlyByDefault: null);
        }

        private static Socket Listen(IPAddress address, int port, bool v6Only = false, bool reusePort = false)
        {
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                s.DualMode = !v6Only;
            }

            if (reusePort)
            {
                s.SetRawSocketOption(1, SO_REUSEPORT, BitConverter.GetBytes(1));
            }

            s.Bind(new IPEndPoint(address, port));
            s.Listen(16);
            return s;
        }

        /// <summary>A python child listening on [::]:port with SO_REUSEPORT, dual-stack or v6-only.</summary>
        private static ChildProcess ChildOnV6Wildcard(int port, bool v6Only) => ChildProcess.Python(
            "import socket,time; s=socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1); "
            + $"s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, {(v6Only ? 1 : 0)}); s.bind(('::', {port})); s.listen(); "
            + "print('ready', flush=True); time.sleep(60)");

        private static PlannedBind Planned(int port, string address) =>
            new PlannedBind(new[] { port }, new[] { TransportProtocol.Tcp }, IPAddress.Parse(address));

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("0.0.0.0")]
        public void A_dual_stack_wildcard_makes_the_ipv4_side_of_its_port_in_use(string planned)
        {
            using var dual = Listen(IPAddress.IPv6Any, 0);
            int port = LiveSockets.Port(dual);

            var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Environment("127.0.0.1"), Planned(port, planned));

            var inUse = Assert.Single(conflicts, c => c.Kind == ConflictKind.InUse);
            Assert.Equal(ConflictSeverity.Error, inUse.Severity);
            Assert.Contains("dual-stack", inUse.Message);
            Assert.Contains($"[::]:{port}", inUse.Message);
        }

        [Fact]
        public void A_v6_only_wildcard_leaves_the_ipv4_side_free()
        {
            using var v6only = Listen(IPAddress.IPv6Any, 0, v6Only: true);
            int port = LiveSockets.Port(v6only);

            var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Environment("127.0.0.1"), Planned(port, "127.0.0.1"));

            Assert.DoesNotContain(conflicts, c => c.Kind == ConflictKind.InUse);
            using var proof = Listen(IPAddress.Loopback, port); // and the kernel agrees
        }

        [Fact]
        public void The_free_port_finder_never_offers_the_port_of_a_dual_stack_wildcard_even_for_ipv4_only()
        {
            using var dual = Listen(IPAddress.IPv6Any, 0);
            int port = LiveSockets.Port(dual);

            var search = FreePortFinder.ForThisMachine().Find(
                new FreePortQuery
                {
                    Ports = PortList.Parse(new[] { port.ToString(CultureInfo.InvariantCulture) }),
                    AddressFamily = IPFamilySelection.IPv4,
                },
                System.Threading.CancellationToken.None);

            Assert.Empty(search.Ports);
            Assert.Equal("every candidate is in use", search.Shortfall);
        }

        [Fact]
        public void Localhost_mismatch_accuses_a_v6_only_wildcard_and_never_a_dual_stack_one()
        {
            // A v6-only wildcard leaves the port's IPv4 side free, and on a busy machine another socket may take it
            // (then nothing is a mismatch): such a round is no evidence either way and is tried again on other ports.
            for (int attempt = 0; attempt < 5; attempt++)
            {
                using var v6only = Listen(IPAddress.IPv6Any, 0, v6Only: true);
                using var dual = Listen(IPAddress.IPv6Any, 0);
                int v6onlyPort = LiveSockets.Port(v6only);
                int dualPort = LiveSockets.Port(dual);

                var sockets = RealSockets.Read(v6onlyPort, dualPort);
                if (sockets.Any(e => e.LocalPort == v6onlyPort && e.AddressFamily == IPFamily.IPv4))
                {
                    continue;
                }

                var conflicts = ConflictAnalyzer.Analyze(sockets, Environment("127.0.0.1"));
                var mismatch = Assert.Single(conflicts, c => c.Kind == ConflictKind.LocalhostMismatch);
                Assert.Equal(v6onlyPort, mismatch.Port);
                Assert.Equal(ConflictSeverity.Warning, mismatch.Severity);
                Assert.Contains("reachable over IPv6 only", mismatch.Message);
                return;
            }

            Assert.Fail("Other sockets took the IPv4 side of every v6-only port tried.");
        }

        [Fact]
        public void A_dual_stack_wildcard_of_one_process_and_loopback_ipv6_of_another_split_localhost_by_family()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            using var child = ChildOnV6Wildcard(port, v6Only: false);
            using var mine = Listen(IPAddress.IPv6Loopback, port, reusePort: true);

            var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Environment("127.0.0.1", "::1"));

            var split = Assert.Single(conflicts, c => c.Kind == ConflictKind.DualStackSplit);
            Assert.Contains($"IPv4 side of TCP port {port} belongs to python3 (PID {child.Pid}) on [::]:{port}", split.Message);
            Assert.Contains($"and the IPv6 side to ", split.Message);
            Assert.Contains($"(PID {RealSockets.OwnPid}) on [::1]:{port}", split.Message);
        }

        [Fact]
        public void A_v6_only_wildcard_and_loopback_ipv6_of_another_process_are_no_family_split()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            using var child = ChildOnV6Wildcard(port, v6Only: true);
            using var mine = Listen(IPAddress.IPv6Loopback, port, reusePort: true);

            var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Environment("127.0.0.1", "::1"));

            Assert.DoesNotContain(conflicts, c => c.Kind == ConflictKind.DualStackSplit);
        }

        [Fact]
        public void A_dual_stack_wildcard_shadows_ipv4_loopback_held_by_another_process()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            using var child = ChildOnV6Wildcard(port, v6Only: false);
            using var mine = Listen(IPAddress.Loopback, port, reusePort: true);

            var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Environment("127.0.0.1"));

            var shadow = Assert.Single(conflicts, c => c.Kind == ConflictKind.WildcardShadow);
            Assert.Contains($"clients that dial 127.0.0.1 on port {port}", shadow.Message);
            Assert.Contains("any other IPv4 address reach python3", shadow.Message);
        }
    }
}
