using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Inventory;

namespace LoopbackTools.Tests.Conflicts
{
    /// <summary>Opens real loopback sockets for the analysis tests and reads them back through the socket engine.</summary>
    internal static class RealSockets
    {
        private static readonly Random Random = new Random();

        public static IReadOnlyList<Endpoint> Read(params int[] ports) =>
            EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery { All = true, LocalPorts = new HashSet<int>(ports) }).Endpoints;

        public static IReadOnlyList<Endpoint> ReadListeners() =>
            EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery { All = true, ListeningOnly = true }).Endpoints;

        public static TcpListener Listen(string address, int port = 0)
        {
            var ip = IPAddress.Parse(address);
            var listener = new TcpListener(ip, port);
            if (ip.Equals(IPAddress.IPv6Any))
            {
                listener.Server.DualMode = false;
            }

            listener.Start();
            return listener;
        }

        public static int Port(this TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>A port free on every loopback and wildcard address, below the ephemeral range (bounded tries).</summary>
        public static int FreePortBelowEphemeral()
        {
            int low = LoopbackTools.Ranges.EphemeralRangeReader.Read(TransportProtocol.Tcp).StartPort;
            for (int attempt = 0; attempt < 200; attempt++)
            {
                int port = Random.Next(20000, Math.Min(low, 32000));
                var sockets = new List<Socket>();
                try
                {
                    foreach (var ip in new[] { IPAddress.Any, IPAddress.IPv6Any })
                    {
                        var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                        sockets.Add(s);
                        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
                        {
                            s.DualMode = false;
                        }

                        s.Bind(new IPEndPoint(ip, port));
                    }

                    return port;
                }
                catch (SocketException)
                {
                }
                finally
                {
                    sockets.ForEach(s => s.Dispose());
                }
            }

            throw new InvalidOperationException("no free port in 200 tries");
        }

        public static int OwnPid => Process.GetCurrentProcess().Id;
    }
}
