using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using LoopbackTools.Listeners;
using Xunit;

namespace LoopbackTools.Tests.Listeners
{
    /// <summary>Listeners in this process, exercised by real clients over loopback.</summary>
    [Collection("Loopback listener registry")]
    public class LoopbackListenerRegistryTests
    {
        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("::1")]
        public void A_tcp_listener_echoes_counts_and_frees_its_port_when_stopped(string address)
        {
            var listener = LoopbackListenerRegistry.Start(new ListenerOptions { Address = address });
            Assert.True(listener.Port > 0);
            Assert.Equal(address, listener.Address);
            Assert.True(listener.IsRunning);
            Assert.Contains(LoopbackListenerRegistry.List(), l => l.Id == listener.Id);

            using (var client = Connect(listener))
            {
                client.Send(Encoding.ASCII.GetBytes("hello"));
                Assert.Equal("hello", Receive(client, 5));
            }

            Assert.True(WaitFor(() => listener.Connections == 1 && listener.BytesReceived == 5 && listener.BytesSent == 5));

            Assert.True(LoopbackListenerRegistry.Stop(listener.Id));
            Assert.False(listener.IsRunning);
            Assert.Null(LoopbackListenerRegistry.Find(listener.Id));
            var refused = Assert.Throws<SocketException>(() => Connect(listener).Dispose());
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

            // Free again: a plain bind (no SO_REUSEADDR) succeeds at once.
            using var rebind = new Socket(IPAddress.Parse(address).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            rebind.Bind(new IPEndPoint(IPAddress.Parse(address), listener.Port));
        }

        [Fact]
        public void A_tcp_listener_with_a_response_answers_the_request_then_ends_the_stream()
        {
            var listener = LoopbackListenerRegistry.Start(new ListenerOptions { Response = "HTTP/1.0 200 OK\r\n\r\nhi" });
            try
            {
                using var client = Connect(listener);
                client.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
                Assert.Equal("HTTP/1.0 200 OK\r\n\r\nhi", ReceiveToEnd(client));
            }
            finally
            {
                LoopbackListenerRegistry.Stop(listener.Id);
            }
        }

        [Fact]
        public void Stopping_resets_open_connections()
        {
            var listener = LoopbackListenerRegistry.Start(new ListenerOptions());
            using var client = Connect(listener);
            Assert.True(WaitFor(() => listener.Connections == 1));
            LoopbackListenerRegistry.Stop(listener.Id);
            client.ReceiveTimeout = 5000;
            var buffer = new byte[1];
            var e = Record.Exception(() => client.Receive(buffer));
            Assert.True(e is SocketException { SocketErrorCode: SocketError.ConnectionReset } || (e == null), $"unexpected {e}");
        }

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("::1")]
        public void A_udp_listener_echoes_each_datagram_and_counts_it(string address)
        {
            var listener = LoopbackListenerRegistry.Start(new ListenerOptions { Address = address, Protocol = TransportProtocol.Udp });
            try
            {
                var ip = IPAddress.Parse(address);
                using var client = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
                client.Connect(ip, listener.Port);
                client.Send(Encoding.ASCII.GetBytes("ping"));
                var buffer = new byte[16];
                int n = client.Receive(buffer);
                Assert.Equal("ping", Encoding.ASCII.GetString(buffer, 0, n));
                Assert.True(WaitFor(() => listener.Connections == 1 && listener.BytesReceived == 4));
            }
            finally
            {
                LoopbackListenerRegistry.Stop(listener.Id);
            }
        }

        [Theory]
        [InlineData("192.0.2.1", true)]
        [InlineData("0.0.0.0", true)]
        [InlineData("::", true)]
        [InlineData("fe80::1", true)]
        [InlineData("localhost", false)]
        [InlineData("not-an-address", false)]
        public void Refuses_every_address_outside_loopback_before_binding(string address, bool isAddress)
        {
            var e = Assert.Throws<ListenerAddressException>(() => LoopbackListenerRegistry.Start(new ListenerOptions { Address = address }));
            Assert.Equal(isAddress, e.IsAddress);
            Assert.Equal(address, e.Address);
        }

        [Fact]
        public void A_port_in_use_names_the_process_that_holds_it()
        {
            using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            holder.Bind(new IPEndPoint(IPAddress.Any, 0));
            holder.Listen(4);
            int port = ((IPEndPoint)holder.LocalEndPoint!).Port;

            var e = Assert.Throws<PortInUseException>(() => LoopbackListenerRegistry.Start(new ListenerOptions { Port = port }));
            Assert.Equal(port, e.Port);
            Assert.Contains(Environment.ProcessId, e.HolderProcessIds);
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            Assert.Contains($"0.0.0.0:{port}", e.Message);
        }

        [Fact]
        public void Two_listeners_cannot_share_a_port()
        {
            var first = LoopbackListenerRegistry.Start(new ListenerOptions());
            try
            {
                Assert.Throws<PortInUseException>(() => LoopbackListenerRegistry.Start(new ListenerOptions { Port = first.Port }));
            }
            finally
            {
                LoopbackListenerRegistry.Stop(first.Id);
            }
        }

        [Fact]
        public void CloseAll_stops_every_listener()
        {
            var listeners = Enumerable.Range(0, 3)
                .Select(i => LoopbackListenerRegistry.Start(
                    new ListenerOptions { Protocol = i == 0 ? TransportProtocol.Udp : TransportProtocol.Tcp }))
                .ToList();
            Assert.True(LoopbackListenerRegistry.CloseAll() >= 3);
            Assert.All(listeners, l => Assert.False(l.IsRunning));
            Assert.Empty(LoopbackListenerRegistry.List());
        }

        private static Socket Connect(LoopbackListener listener)
        {
            var ip = IPAddress.Parse(listener.Address);
            var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
            try
            {
                socket.Connect(ip, listener.Port);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return socket;
        }

        private static string Receive(Socket socket, int count)
        {
            var buffer = new byte[count];
            int received = 0;
            while (received < count)
            {
                int n = socket.Receive(buffer, received, count - received, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                received += n;
            }

            return Encoding.ASCII.GetString(buffer, 0, received);
        }

        private static string ReceiveToEnd(Socket socket)
        {
            var text = new StringBuilder();
            var buffer = new byte[256];
            int n;
            while ((n = socket.Receive(buffer)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return text.ToString();
        }

        private static bool WaitFor(Func<bool> condition, int timeoutMs = 5000)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.ElapsedMilliseconds > timeoutMs)
                {
                    return false;
                }

                Thread.Sleep(10);
            }

            return true;
        }
    }
}
