using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Sockets
{
    /// <summary>Live tests: the managed source reads this machine's real table, with sockets the test opens itself.</summary>
    public class ManagedSocketTableTests
    {
        [Fact]
        public void ManagedSocketTable_ListsLiveTcpListenerAndUdpSocket_OnLoopback()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int tcpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

            var rows = new ManagedSocketTable().Read(SocketTableRequest.Everything(), CancellationToken.None);

            var tcp = Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == tcpPort && r.State == SocketState.Listen);
            Assert.Equal(SocketState.Listen, tcp.State);
            Assert.Equal(IPFamily.IPv4, tcp.Family);
            Assert.Equal(IPAddress.Loopback, tcp.LocalAddress);
            Assert.Equal(IPAddress.Any, tcp.RemoteAddress);
            Assert.Equal(0, tcp.RemotePort);
            Assert.Equal(0, tcp.OwnerProcessId);

            var u = Assert.Single(rows, r => r.Protocol == TransportProtocol.Udp && r.LocalPort == udpPort
                && r.LocalAddress.Equals(IPAddress.Loopback));
            Assert.Equal(SocketState.Bound, u.State);
            Assert.Equal(IPFamily.IPv4, u.Family);
            Assert.Equal(IPAddress.Loopback, u.LocalAddress);
        }

        [Fact]
        public void ManagedSocketTable_ListsBothEndsOfLiveLoopbackConnection_AsEstablished()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, serverPort);
            using var accepted = listener.AcceptTcpClient();
            int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

            var rows = new ManagedSocketTable().Read(SocketTableRequest.Everything(), CancellationToken.None);

            // Other work on this machine reuses ephemeral ports towards other peers: match the whole 4-tuple.
            var clientSide = Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == clientPort && r.RemotePort == serverPort);
            Assert.Equal(SocketState.Established, clientSide.State);
            Assert.Equal(IPAddress.Loopback, clientSide.LocalAddress);
            Assert.Equal(IPAddress.Loopback, clientSide.RemoteAddress);
            var serverSide = Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == serverPort && r.RemotePort == clientPort);
            Assert.Equal(SocketState.Established, serverSide.State);
            Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == serverPort && r.State == SocketState.Listen);
        }

        [Fact]
        public void ManagedSocketTable_ReportsLiveDualModeClient_AsIPv6WithMappedLoopback()
        {
            if (!Socket.OSSupportsIPv6)
            {
                return;
            }

            // new TcpClient() is a dual-mode IPv6 socket: its end of a 127.0.0.1 connection is ::ffff:127.0.0.1.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, serverPort);
            using var accepted = listener.AcceptTcpClient();
            int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

            var rows = new ManagedSocketTable().Read(SocketTableRequest.Everything(), CancellationToken.None);

            var clientSide = Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == clientPort && r.RemotePort == serverPort);
            Assert.Equal(IPFamily.IPv6, clientSide.Family);
            Assert.Equal(IPAddress.Loopback.MapToIPv6(), clientSide.LocalAddress);
            Assert.True(LoopbackTools.Classification.AddressClassifier.IsLoopback(clientSide.LocalAddress));
        }

        [Fact]
        public void ManagedSocketTable_ListsLiveIPv6LoopbackListener_WhenTheMachineHasIPv6()
        {
            if (!Socket.OSSupportsIPv6)
            {
                return;
            }

            using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var rows = new ManagedSocketTable().Read(SocketTableRequest.Everything(), CancellationToken.None);

            var row = Assert.Single(rows, r => r.Protocol == TransportProtocol.Tcp && r.LocalPort == port && r.State == SocketState.Listen);
            Assert.Equal(IPFamily.IPv6, row.Family);
            Assert.Equal(IPAddress.IPv6Loopback, row.LocalAddress);
            Assert.Equal(IPAddress.IPv6Any, row.RemoteAddress);
        }

        [Fact]
        public void ManagedSocketTable_HonoursProtocolFamilyAndStateFilters_OnLiveTable()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, serverPort);
            using var accepted = listener.AcceptTcpClient();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var table = new ManagedSocketTable();

            var tcpOnly = table.Read(new SocketTableRequest { IncludeUdp = false }, CancellationToken.None);
            var udpOnly = table.Read(new SocketTableRequest { IncludeTcp = false }, CancellationToken.None);
            var v6Only = table.Read(new SocketTableRequest { IncludeIPv4 = false }, CancellationToken.None);
            var listenOnly = table.Read(new SocketTableRequest { TcpStates = new HashSet<SocketState> { SocketState.Listen } },
                CancellationToken.None);
            var establishedOnly = table.Read(new SocketTableRequest { TcpStates = new HashSet<SocketState> { SocketState.Established } },
                CancellationToken.None);

            Assert.All(tcpOnly, r => Assert.Equal(TransportProtocol.Tcp, r.Protocol));
            Assert.All(udpOnly, r => Assert.Equal(TransportProtocol.Udp, r.Protocol));
            Assert.All(v6Only, r => Assert.Equal(IPFamily.IPv6, r.Family));
            Assert.All(listenOnly.Where(r => r.Protocol == TransportProtocol.Tcp), r => Assert.Equal(SocketState.Listen, r.State));
            Assert.Contains(listenOnly, r => r.LocalPort == serverPort);
            Assert.All(establishedOnly.Where(r => r.Protocol == TransportProtocol.Tcp), r => Assert.Equal(SocketState.Established, r.State));
            int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
            Assert.Equal(2, establishedOnly.Count(r => r.Protocol == TransportProtocol.Tcp
                && ((r.LocalPort == serverPort && r.RemotePort == clientPort) || (r.LocalPort == clientPort && r.RemotePort == serverPort))));
        }

        [Fact]
        public void ManagedSocketTable_CannotResolveOwners()
        {
            var table = new ManagedSocketTable();

            Assert.False(table.CanResolveOwners);
            Assert.Equal("System.Net.NetworkInformation", table.Name);
        }

        [Fact]
        public void ManagedSocketTable_MapsEveryTcpState()
        {
            var expected = new Dictionary<TcpState, SocketState>
            {
                [TcpState.Unknown] = SocketState.Unknown,
                [TcpState.Closed] = SocketState.Closed,
                [TcpState.Listen] = SocketState.Listen,
                [TcpState.SynSent] = SocketState.SynSent,
                [TcpState.SynReceived] = SocketState.SynReceived,
                [TcpState.Established] = SocketState.Established,
                [TcpState.FinWait1] = SocketState.FinWait1,
                [TcpState.FinWait2] = SocketState.FinWait2,
                [TcpState.CloseWait] = SocketState.CloseWait,
                [TcpState.Closing] = SocketState.Closing,
                [TcpState.LastAck] = SocketState.LastAck,
                [TcpState.TimeWait] = SocketState.TimeWait,
                [TcpState.DeleteTcb] = SocketState.Closed,
            };

            Assert.Equal(Enum.GetValues(typeof(TcpState)).Length, expected.Count);
            foreach (var pair in expected)
            {
                Assert.Equal(pair.Value, ManagedSocketTable.ToSocketState(pair.Key));
            }
        }
    }
}
