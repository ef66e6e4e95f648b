using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Inventory
{
    public class EndpointInventoryOwnerWarningTests
    {
        private static EndpointInventory ManagedInventory() =>
            new EndpointInventory(new ISocketTable[] { new ManagedSocketTable() }, new NoSocketOwnerResolver(), PortClassifier.ForCurrentPlatform());

        [Fact]
        public void EndpointInventory_WithLiveManagedSource_ListsTestSockets_AndWarnsExactlyOnceAboutOwners()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int tcpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, tcpPort);
            using var accepted = listener.AcceptTcpClient();
            int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

            var snapshot = ManagedInventory().Query(new EndpointQuery());

            Assert.Equal("System.Net.NetworkInformation", snapshot.Source);
            var warning = Assert.Single(snapshot.Warnings);
            Assert.Equal(
                "Owner fields are empty: the System.Net.NetworkInformation source cannot report which process holds a socket on this OS.",
                warning);
            var listen = Assert.Single(snapshot.Endpoints, e => e.Protocol == TransportProtocol.Tcp && e.LocalPort == tcpPort
                && e.State == SocketState.Listen);
            Assert.Equal("127.0.0.1", listen.LocalAddress);
            Assert.Equal(Exposure.LoopbackOnly, listen.Exposure);
            Assert.Null(listen.ProcessId);
            Assert.Null(listen.ProcessName);
            Assert.Equal(2, snapshot.Endpoints.Count(e => e.Protocol == TransportProtocol.Tcp && e.State == SocketState.Established
                && ((e.LocalPort == tcpPort && e.RemotePort == clientPort) || (e.LocalPort == clientPort && e.RemotePort == tcpPort))));
            var bound = Assert.Single(snapshot.Endpoints, e => e.Protocol == TransportProtocol.Udp && e.LocalPort == udpPort
                && e.LocalAddress == "127.0.0.1");
            Assert.Equal(SocketState.Bound, bound.State);
        }

        [Fact]
        public void EndpointInventory_WithLiveManagedSource_DoesNotWarn_WhenOwnersAreNotAsked()
        {
            var snapshot = ManagedInventory().Query(new EndpointQuery { ResolveOwners = false });

            Assert.Empty(snapshot.Warnings);
        }

        [Fact]
        public void EndpointInventory_WithLiveManagedSource_ListeningOnly_KeepsListenerAndUdp_DropsConnections()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int tcpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, tcpPort);
            using var accepted = listener.AcceptTcpClient();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

            var snapshot = ManagedInventory().Query(new EndpointQuery { ListeningOnly = true });

            Assert.Single(snapshot.Warnings);
            Assert.All(snapshot.Endpoints, e => Assert.True(e.State == SocketState.Listen || e.State == SocketState.Bound));
            Assert.Contains(snapshot.Endpoints, e => e.LocalPort == tcpPort && e.State == SocketState.Listen);
            Assert.Contains(snapshot.Endpoints, e => e.LocalPort == udpPort && e.Protocol == TransportProtocol.Udp);
            int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
            Assert.DoesNotContain(snapshot.Endpoints, e => e.LocalPort == clientPort && e.RemotePort == tcpPort);
        }

        /// <summary>A Windows-shaped source: rows carrying OwnerProcessId, as IP Helper gives them.</summary>
        private sealed class FakePidSource : ISocketTable
        {
            private readonly IReadOnlyList<SocketRecord> _rows;

            public FakePidSource(params SocketRecord[] rows)
            {
                _rows = rows;
            }

            public string Name => "fake IP Helper";

            public bool CanResolveOwners => true;

            public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken) => _rows;
        }

        private static SocketRecord Listener(int port, int pid) => new SocketRecord
        {
            Protocol = TransportProtocol.Tcp,
            Family = IPFamily.IPv4,
            LocalAddress = IPAddress.Loopback,
            LocalPort = port,
            State = SocketState.Listen,
            OwnerProcessId = pid,
        };

        [Fact]
        public void EndpointInventory_WithFakePidSourceAndFakeProbe_FillsOwners_AndWarnsOnceAboutLockedProcesses()
        {
            var probes = new Dictionary<int, ProcessProbe>
            {
                [1000] = new ProcessProbe { Name = "app", Path = @"C:\app.exe", StartTime = DateTime.Now },
                [2000] = new ProcessProbe { Name = "svc", Unreadable = true },
            };
            var inventory = new EndpointInventory(
                new ISocketTable[] { new FakePidSource(Listener(8080, 1000), Listener(8081, 2000), Listener(8082, 4)) },
                new WindowsProcessOwnerResolver(pid => probes[pid]),
                PortClassifier.ForCurrentPlatform());

            var snapshot = inventory.Query(new EndpointQuery());

            var warning = Assert.Single(snapshot.Warnings);
            Assert.StartsWith("Some owner fields are empty: 1 process gave no path or start time", warning);
            var app = snapshot.Endpoints.Single(e => e.LocalPort == 8080);
            Assert.Equal(1000, app.ProcessId);
            Assert.Equal("app", app.ProcessName);
            Assert.Equal(@"C:\app.exe", app.ProcessPath);
            var svc = snapshot.Endpoints.Single(e => e.LocalPort == 8081);
            Assert.Equal(2000, svc.ProcessId);
            Assert.Equal("svc", svc.ProcessName);
            Assert.Null(svc.ProcessPath);
            Assert.Equal("System", snapshot.Endpoints.Single(e => e.LocalPort == 8082).ProcessName);
        }

        [Fact]
        public void EndpointInventory_WithFakePidSourceAndFakeProbe_FiltersOnProcessName_WithoutWarnings()
        {
            var probes = new Dictionary<int, ProcessProbe>
            {
                [1000] = new ProcessProbe { Name = "app", Path = @"C:\app.exe", StartTime = DateTime.Now },
                [3000] = new ProcessProbe { Name = "other", Path = @"C:\other.exe", StartTime = DateTime.Now },
            };
            var inventory = new EndpointInventory(
                new ISocketTable[] { new FakePidSource(Listener(8080, 1000), Listener(9090, 3000)) },
                new WindowsProcessOwnerResolver(pid => probes[pid]),
                PortClassifier.ForCurrentPlatform());

            var snapshot = inventory.Query(new EndpointQuery { ProcessNames = new[] { new ProcessPattern("app") } });

            Assert.Empty(snapshot.Warnings);
            Assert.Equal(8080, Assert.Single(snapshot.Endpoints).LocalPort);
        }
    }
}
