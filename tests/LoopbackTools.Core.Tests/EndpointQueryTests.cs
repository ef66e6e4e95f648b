using System.Collections.Generic;
using System.Net;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests
{
    public class EndpointQueryTests
    {
        private static SocketRecord Row(string local, string remote, SocketState state, TransportProtocol protocol = TransportProtocol.Tcp)
            => new SocketRecord
        {
            Protocol = protocol,
            LocalAddress = IPAddress.Parse(local),
            RemoteAddress = IPAddress.Parse(remote),
            State = state,
            LocalPort = 5000,
        };

        [Theory]
        [InlineData("127.0.0.1", "0.0.0.0", true)]
        [InlineData("0.0.0.0", "0.0.0.0", true)]
        [InlineData("::", "::", true)]
        [InlineData("10.1.2.3", "127.0.0.1", true)]
        [InlineData("10.1.2.3", "0.0.0.0", false)]
        [InlineData("10.1.2.3", "93.184.216.34", false)]
        public void DefaultSelection_KeepsWhatLoopbackCanReach(string local, string remote, bool kept)
        {
            var query = new EndpointQuery();
            Assert.Equal(kept, EndpointInventory.Matches(query, Row(local, remote, SocketState.Established)));
            Assert.True(EndpointInventory.Matches(new EndpointQuery { All = true }, Row(local, remote, SocketState.Established)));
        }

        [Fact]
        public void Listening_KeepsTcpListenAndUnconnectedUdpOnly()
        {
            var query = new EndpointQuery { ListeningOnly = true };
            Assert.True(EndpointInventory.Matches(query, Row("127.0.0.1", "0.0.0.0", SocketState.Listen)));
            Assert.True(EndpointInventory.Matches(query, Row("127.0.0.1", "0.0.0.0", SocketState.Bound, TransportProtocol.Udp)));
            Assert.False(EndpointInventory.Matches(query, Row("127.0.0.1", "127.0.0.1", SocketState.Established)));

            var request = EndpointInventory.BuildRequest(query);
            Assert.Equal(new HashSet<SocketState> { SocketState.Listen }, request.TcpStates);
            Assert.True(request.UdpBoundOnly);
        }

        [Fact]
        public void StateFilter_IsPushedDownToTheRequest()
        {
            var onlyTimeWait = EndpointInventory.BuildRequest(new EndpointQuery { States = new HashSet<SocketState> { SocketState.TimeWait } });
            Assert.True(onlyTimeWait.IncludeTcp);
            Assert.False(onlyTimeWait.IncludeUdp);

            var onlyBound = EndpointInventory.BuildRequest(new EndpointQuery { States = new HashSet<SocketState> { SocketState.Bound } });
            Assert.False(onlyBound.IncludeTcp);
            Assert.True(onlyBound.IncludeUdp);
            Assert.True(onlyBound.UdpBoundOnly);

            var established = EndpointInventory.BuildRequest(new EndpointQuery { States = new HashSet<SocketState> { SocketState.Established } });
            Assert.True(established.IncludeUdp);
            Assert.False(established.UdpBoundOnly);
        }

        [Fact]
        public void PortFilters_ApplyToLocalAndRemotePorts()
        {
            var row = Row("127.0.0.1", "127.0.0.1", SocketState.Established);
            row.RemotePort = 6000;
            Assert.True(EndpointInventory.Matches(new EndpointQuery { LocalPorts = new HashSet<int> { 5000 } }, row));
            Assert.False(EndpointInventory.Matches(new EndpointQuery { LocalPorts = new HashSet<int> { 6000 } }, row));
            Assert.True(EndpointInventory.Matches(new EndpointQuery { RemotePorts = new HashSet<int> { 6000 } }, row));
        }
    }
}
