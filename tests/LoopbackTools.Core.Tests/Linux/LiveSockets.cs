using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>Sockets a test opens on this machine (loopback and wildcard binds only), all closed on Dispose.</summary>
    internal sealed class LiveSockets : IDisposable
    {
        private readonly List<Socket> _sockets = new List<Socket>();

        public Socket TcpListener(IPAddress address)
        {
            var s = Track(new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                s.DualMode = false;
            }

            s.Bind(new IPEndPoint(address, 0));
            s.Listen(16);
            return s;
        }

        public Socket UdpBound(IPAddress address)
        {
            var s = Track(new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                s.DualMode = false;
            }

            s.Bind(new IPEndPoint(address, 0));
            return s;
        }

        /// <summary>A connection to <paramref name="listener"/>: (client, accepted server side).</summary>
        public (Socket Client, Socket Server) Connect(Socket listener)
        {
            var endpoint = (IPEndPoint)listener.LocalEndPoint!;
            var client = Track(new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
            client.Connect(endpoint);
            var server = Track(listener.Accept());
            return (client, server);
        }

        public void Dispose()
        {
            foreach (var s in _sockets)
            {
                try
                {
                    // Reset instead of FIN: no TIME_WAIT left behind by the tests.
                    s.LingerState = new LingerOption(true, 0);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }

                s.Dispose();
            }
        }

        public static int Port(Socket s) => ((IPEndPoint)s.LocalEndPoint!).Port;

        /// <summary>The kernel inode of one of our sockets, from /proc/self/fd.</summary>
        public static ulong Inode(Socket s)
        {
            string target = new FileInfo("/proc/self/fd/" + s.Handle.ToInt64()).LinkTarget ?? string.Empty;
            if (!target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("not a socket fd: " + target);
            }

            return ulong.Parse(target.Substring(8, target.Length - 9));
        }

        private Socket Track(Socket s)
        {
            _sockets.Add(s);
            return s;
        }
    }
}
