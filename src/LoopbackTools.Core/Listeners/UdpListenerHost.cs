using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace LoopbackTools.Listeners
{
    /// <summary>Answers every datagram: the same bytes back, or the fixed response.</summary>
    internal sealed class UdpListenerHost : ListenerHost
    {
        public UdpListenerHost(LoopbackListener info, Socket bound, byte[]? response)
            : base(info, bound, response)
        {
        }

        protected override async Task RunAsync()
        {
            var buffer = new byte[65536];
            EndPoint anySender = Socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0)
                : new IPEndPoint(IPAddress.Any, 0);
            while (!Stopping)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await Socket.ReceiveFromAsync(new ArraySegment<byte>(buffer), SocketFlags.None, anySender).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    // Windows reports an earlier reply's ICMP port-unreachable here (WSAECONNRESET); the socket still works.
                    continue;
                }

                Info.CountConnection();
                Info.CountReceived(received.ReceivedBytes);
                var reply = Response ?? Copy(buffer, received.ReceivedBytes);
                try
                {
                    int sent = await Socket.SendToAsync(new ArraySegment<byte>(reply), SocketFlags.None, received.RemoteEndPoint)
                        .ConfigureAwait(false);
                    Info.CountSent(sent);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }

        private static byte[] Copy(byte[] buffer, int count)
        {
            var copy = new byte[count];
            Buffer.BlockCopy(buffer, 0, copy, 0, count);
            return copy;
        }
    }
}
