using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Conflicts;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Conflicts
{
    /// <summary>The reads a conflict question makes, against the live table: listeners this test opens.</summary>
    public sealed class ConflictQueryTests
    {
        private static readonly PortEnvironment Here = PortEnvironment.ForCurrentPlatform();

        [Fact]
        public void Scan_LooksOwnersUpForASharedPort_SoOneProcessIsNotAccusedOfSharingWithItself()
        {
            int port = RealSockets.FreePortBelowEphemeral();
            using var first = ReuseListener(port);
            using var second = ReuseListener(port);
            var inventory = EndpointInventory.ForCurrentPlatform();
            var withoutOwners = inventory.Query(new EndpointQuery { All = true, ListeningOnly = true, ResolveOwners = false }).Endpoints;
            Assert.Contains(port, ConflictAnalyzer.PortsWorthAnOwnerLookup(withoutOwners, Here));

            var analysis = ConflictQuery.Scan(inventory, new[] { TransportProtocol.Tcp }, Here, default);

            // Both sockets are this process's: with owners looked up for this port, sharing it is no conflict.
            Assert.DoesNotContain(analysis.Results, c => c.Port == port && c.Kind == ConflictKind.SharedPort);
            Assert.False(string.IsNullOrEmpty(analysis.Source));
        }

        [Fact]
        public void Planned_ReadsEveryStateOnThePlannedPortOnly()
        {
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            try
            {
                int port = listener.Port();
                var planned = new PlannedBind(new[] { port }, new[] { TransportProtocol.Tcp });

                var analysis = ConflictQuery.Planned(EndpointInventory.ForCurrentPlatform(), planned, Here, default);

                var inUse = Assert.Single(analysis.Results, c => c.Kind == ConflictKind.InUse);
                Assert.Equal(port, inUse.Port);
                Assert.All(analysis.Results, c => Assert.Equal(port, c.Port));
                Assert.Contains(inUse.Endpoints, e => e.ProcessId == Process.GetCurrentProcess().Id);
            }
            finally
            {
                listener.Stop();
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
    }
}
