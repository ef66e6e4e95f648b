using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Conflicts;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Conflicts
{
    /// <summary>The analysis over real sockets of this process, read back through the socket engine.</summary>
    public class ConflictAnalyzerTests
    {
        private static PortEnvironment Here => PortEnvironment.ForCurrentPlatform();

        /// <summary>This machine's ranges, with a chosen answer for 'localhost' (the one input this machine cannot vary).</summary>
        private static PortEnvironment WithLocalhost(params string[] addresses)
        {
            var here = Here;
            return new PortEnvironment(here.Platform, here.EphemeralRange(TransportProtocol.Tcp), here.EphemeralRange(TransportProtocol.Udp),
                here.ReservedRanges(TransportProtocol.Tcp), here.ReservedRanges(TransportProtocol.Udp),
                addresses.Select(IPAddress.Parse).ToArray(), here.CanBindPrivilegedPorts);
        }

        private static PlannedBind Planned(int port, string? address = null) =>
            new PlannedBind(new[] { port }, new[] { TransportProtocol.Tcp }, address == null ? null : IPAddress.Parse(address));

        [Fact]
        public void PlannedPortWithAListener_IsInUse_NamingThisProcessAndAddress()
        {
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            try
            {
                int port = listener.Port();
                var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Here, Planned(port));

                var inUse = Assert.Single(conflicts);
                Assert.Equal(ConflictKind.InUse, inUse.Kind);
                Assert.Equal(ConflictSeverity.Error, inUse.Severity);
                Assert.Equal(RealSockets.OwnPid.ToString(), inUse.ProcessId);
                Assert.Contains($"listens on 127.0.0.1:{port}", inUse.Message);
                Assert.Equal(port, Assert.Single(inUse.Endpoints).LocalPort);
                Assert.Contains($"Tcp 127.0.0.1:{port} Listen", inUse.Endpoints.ToString());
            }
            finally
            {
                listener.Stop();
            }
        }

        [Theory]
        [InlineData("127.0.0.1", true)]
        [InlineData("0.0.0.0", true)]
        [InlineData("127.0.0.2", false)]
        [InlineData("::1", false)]
        public void PlannedAddress_CollidesOnlyWithTheSameAddressOrAWildcard(string plannedAddress, bool collides)
        {
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            try
            {
                int port = listener.Port();
                var conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Here, Planned(port, plannedAddress));

                Assert.Equal(collides, conflicts.Any(c => c.Kind == ConflictKind.InUse));

                // The kernel agrees.
                var probe = new TcpListener(IPAddress.Parse(plannedAddress), port);
                if (IPAddress.Parse(plannedAddress).AddressFamily == AddressFamily.InterNetworkV6)
                {
                    probe.Server.DualMode = false;
                }

                var bound = Record.Exception(() => probe.Start());
                probe.Stop();
                Assert.Equal(collides, bound is SocketException);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void ConnectionClosedFirstByTheServer_LeavesTimeWaitOnThePlannedPort()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            var listener = RealSockets.Listen("127.0.0.1", port);
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, port);
            using (var server = listener.AcceptTcpClient())
            {
                server.Close();
            }

            Assert.Equal(0, client.GetStream().Read(new byte[1], 0, 1));
            client.Close();
            listener.Stop();

            IReadOnlyList<PortConflict> conflicts = new PortConflict[0];
            for (int i = 0; i < 50 && !conflicts.Any(c => c.Kind == ConflictKind.TimeWait); i++)
            {
                Thread.Sleep(i == 0 ? 0 : 100);
                conflicts = ConflictAnalyzer.Analyze(RealSockets.Read(port), Here, Planned(port));
            }

            var timeWait = Assert.Single(conflicts, c => c.Kind == ConflictKind.TimeWait);
            Assert.Equal(SocketState.TimeWait, Assert.Single(timeWait.Endpoints).State);
            Assert.Equal(string.Empty, timeWait.ProcessId);
            Assert.DoesNotContain(conflicts, c => c.Kind == ConflictKind.InUse);
        }

        [Fact]
        public void ListenerOnlyOn127_WhenLocalhostResolvesToIPv6First_IsAWarning()
        {
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            try
            {
                int port = listener.Port();
                var endpoints = RealSockets.Read(port);

                var v6First = Assert.Single(ConflictAnalyzer.Analyze(endpoints, WithLocalhost("::1", "127.0.0.1")));
                Assert.Equal(ConflictKind.LocalhostMismatch, v6First.Kind);
                Assert.Equal(ConflictSeverity.Warning, v6First.Severity);
                Assert.Contains("::1 first", v6First.Message);

                Assert.Equal(ConflictSeverity.Info, Assert.Single(ConflictAnalyzer.Analyze(endpoints, WithLocalhost("127.0.0.1", "::1"))).Severity);
                // localhost resolving to ::1 only: clients that use the resolver are refused, curl and browsers still get
                // through (they try 127.0.0.1 themselves), so a warning, not "cannot be reached".
                var v6Only = Assert.Single(ConflictAnalyzer.Analyze(endpoints, WithLocalhost("::1")));
                Assert.Equal(ConflictSeverity.Warning, v6Only.Severity);
                Assert.Contains("through the system resolver", v6Only.Message);
                Assert.DoesNotContain("cannot", v6Only.Message);
                Assert.Empty(ConflictAnalyzer.Analyze(endpoints, WithLocalhost("127.0.0.1")));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void ListenersOnBothLoopbacks_OrOnDualStackWildcard_AreNeverAccused()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            var v4 = RealSockets.Listen("127.0.0.1", port);
            var v6 = RealSockets.Listen("::1", port);
            int other = RealSockets.FreePortBelowEphemeral();
            var any6 = new TcpListener(IPAddress.IPv6Any, other);
            any6.Server.DualMode = true;
            any6.Start();
            try
            {
                var env = WithLocalhost("::1", "127.0.0.1");
                Assert.Empty(ConflictAnalyzer.Analyze(RealSockets.Read(port, other), env));
                Assert.Empty(ConflictAnalyzer.Analyze(new Endpoint[0], env, Planned(RealSockets.FreePortBelowEphemeral())));
            }
            finally
            {
                v4.Stop();
                v6.Stop();
                any6.Stop();
            }
        }

        [Fact]
        public void OneProcessOnBothFamiliesAndOnWildcardPlusSpecific_IsNoSplitAndNoShadow()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            var any4 = RealSockets.Listen("0.0.0.0", port);
            var any6 = RealSockets.Listen("::", port);
            try
            {
                Assert.Empty(ConflictAnalyzer.Analyze(RealSockets.Read(port), Here));
            }
            finally
            {
                any4.Stop();
                any6.Stop();
            }
        }

        [Fact]
        public void ListenerInTheEphemeralRange_IsInfoWhenScanned_AndPlannedPortThereIsAWarning()
        {
            var listener = RealSockets.Listen("127.0.0.1");
            try
            {
                int port = listener.Port();
                Assert.True(Here.EphemeralRange(TransportProtocol.Tcp).Contains(port));
                var scanned = Assert.Single(ConflictAnalyzer.Analyze(RealSockets.Read(port), WithLocalhost("127.0.0.1")));
                Assert.Equal(ConflictKind.EphemeralRange, scanned.Kind);
                Assert.Equal(ConflictSeverity.Info, scanned.Severity);

                var planned = ConflictAnalyzer.Analyze(RealSockets.Read(port), Here, Planned(port));
                Assert.Equal(new[] { ConflictKind.InUse, ConflictKind.EphemeralRange }, planned.Select(c => c.Kind));
                Assert.Equal(ConflictSeverity.Warning, planned[1].Severity);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void Output_IsInAStableOrder_WhateverTheInputOrder()
        {
            var listeners = new[] { RealSockets.Listen("127.0.0.1"), RealSockets.Listen("::1"), RealSockets.Listen("127.0.0.1") };
            try
            {
                int[] ports = listeners.Select(l => l.Port()).ToArray();
                var endpoints = RealSockets.Read(ports);
                var env = WithLocalhost("::1", "127.0.0.1");
                var forward = ConflictAnalyzer.Analyze(endpoints, env);
                var backward = ConflictAnalyzer.Analyze(endpoints.Reverse().ToList(), env);

                Assert.Equal(forward.Select(c => c.ToString()), backward.Select(c => c.ToString()));
                Assert.Equal(forward.OrderBy(c => c.Port).ThenBy(c => c.Severity).Select(c => c.ToString()), forward.Select(c => c.ToString()));
            }
            finally
            {
                Array.ForEach(listeners, l => l.Stop());
            }
        }

        [Fact]
        public void Scan_OverTheWholeListeningTable_FindsTheSituationsOfThisTestAmongAllOthers()
        {
            var listener = RealSockets.Listen("::1", RealSockets.FreePortBelowEphemeral());
            try
            {
                int port = listener.Port();
                var all = RealSockets.ReadListeners();
                Assert.Contains(all, e => e.LocalPort == port);

                var found = ConflictAnalyzer.Analyze(all, WithLocalhost("127.0.0.1"));
                var mine = Assert.Single(found, c => c.Port == port);
                Assert.Equal(ConflictKind.LocalhostMismatch, mine.Kind);
                Assert.Equal(ConflictSeverity.Warning, mine.Severity); // curl and browsers still reach ::1
                Assert.Contains("through the system resolver", mine.Message);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void PortsWorthAnOwnerLookup_ArePortsWithSeveralListenersOrFindings_NotQuietOnes()
        {
            int shared = RealSockets.FreePortBelowEphemeral();
            int quiet = RealSockets.FreePortBelowEphemeral();
            var first = ReuseListener(shared);
            var second = ReuseListener(shared);
            var quietAny = new TcpListener(IPAddress.IPv6Any, quiet);
            quietAny.Server.DualMode = true;
            quietAny.Start();
            var ephemeral = RealSockets.Listen("127.0.0.1");
            try
            {
                var withoutOwners = LoopbackTools.Inventory.EndpointInventory.ForCurrentPlatform().Query(new LoopbackTools.Inventory.EndpointQuery
                {
                    All = true,
                    ListeningOnly = true,
                    ResolveOwners = false,
                    LocalPorts = new HashSet<int> { shared, quiet, ephemeral.Port() },
                }).Endpoints;
                Assert.All(withoutOwners, e => Assert.Null(e.ProcessId));

                var ports = ConflictAnalyzer.PortsWorthAnOwnerLookup(withoutOwners, WithLocalhost("127.0.0.1", "::1"));

                Assert.Contains(shared, ports);
                Assert.Contains(ephemeral.Port(), ports);
                Assert.DoesNotContain(quiet, ports);
            }
            finally
            {
                first.Dispose();
                second.Dispose();
                quietAny.Stop();
                ephemeral.Stop();
            }
        }

        // .NET's ReuseAddress sets SO_REUSEPORT too on Linux, so two of these share a port.
        private static Socket ReuseListener(int port)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            s.Listen();
            return s;
        }

        [Fact]
        public void PlannedBind_RejectsPortsOutside1To65535()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new PlannedBind(new[] { 0 }, new[] { TransportProtocol.Tcp }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PlannedBind(new[] { 65536 }, new[] { TransportProtocol.Tcp }));
        }
    }
}
