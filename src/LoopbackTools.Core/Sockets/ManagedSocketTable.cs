using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;

namespace LoopbackTools.Sockets
{
    /// <summary>
    /// The portable source for every OS without a native one here (macOS, the BSDs) and the fallback behind IP
    /// Helper on Windows: System.Net.NetworkInformation.IPGlobalProperties. It knows no owners and no UDP remote
    /// ends: connected UDP sockets come back as <see cref="SocketState.Bound"/> like the rest.
    /// </summary>
    internal sealed class ManagedSocketTable : ISocketTable
    {
        public string Name => "System.Net.NetworkInformation";

        public bool CanResolveOwners => false;

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            var all = new List<SocketRecord>();
            try
            {
                var properties = IPGlobalProperties.GetIPGlobalProperties();
                if (request.IncludeTcp)
                {
                    AddTcpListeners(all, properties.GetActiveTcpListeners(), request);
                    cancellationToken.ThrowIfCancellationRequested();
                    AddTcpConnections(all, properties.GetActiveTcpConnections(), request);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (request.IncludeUdp)
                {
                    AddUdp(all, properties.GetActiveUdpListeners(), request);
                }
            }
            catch (Exception e) when (e is NetworkInformationException || e is PlatformNotSupportedException)
            {
                throw new SocketTableUnavailableException("IPGlobalProperties cannot read the socket table here: " + e.Message, e);
            }

            return all;
        }

        private static void AddTcpListeners(List<SocketRecord> all, IPEndPoint[] listeners, SocketTableRequest request)
        {
            if (request.TcpStates != null && !request.TcpStates.Contains(SocketState.Listen))
            {
                return;
            }

            // Some platforms list a listener once per address it was seen on; one row per endpoint is the truth.
            var seen = new HashSet<IPEndPoint>();
            foreach (var local in listeners)
            {
                if (WantedFamily(local.Address, request, out var family) && seen.Add(local))
                {
                    all.Add(new SocketRecord
                    {
                        Protocol = TransportProtocol.Tcp,
                        Family = family,
                        LocalAddress = local.Address,
                        LocalPort = local.Port,
                        RemoteAddress = Wildcard(family),
                        State = SocketState.Listen,
                    });
                }
            }
        }

        private static void AddTcpConnections(List<SocketRecord> all, TcpConnectionInformation[] connections, SocketTableRequest request)
        {
            foreach (var connection in connections)
            {
                var state = ToSocketState(connection.State);

                // Listeners come from GetActiveTcpListeners; an implementation that also lists them here must not double them.
                if (state == SocketState.Listen
                    || (request.TcpStates != null && !request.TcpStates.Contains(state))
                    || !WantedFamily(connection.LocalEndPoint.Address, request, out var family))
                {
                    continue;
                }

                all.Add(new SocketRecord
                {
                    Protocol = TransportProtocol.Tcp,
                    Family = family,
                    LocalAddress = connection.LocalEndPoint.Address,
                    LocalPort = connection.LocalEndPoint.Port,
                    RemoteAddress = connection.RemoteEndPoint.Address,
                    RemotePort = connection.RemoteEndPoint.Port,
                    State = state,
                });
            }
        }

        private static void AddUdp(List<SocketRecord> all, IPEndPoint[] sockets, SocketTableRequest request)
        {
            foreach (var local in sockets)
            {
                if (WantedFamily(local.Address, request, out var family))
                {
                    all.Add(new SocketRecord
                    {
                        Protocol = TransportProtocol.Udp,
                        Family = family,
                        LocalAddress = local.Address,
                        LocalPort = local.Port,
                        RemoteAddress = Wildcard(family),
                        State = SocketState.Bound,
                    });
                }
            }
        }

        private static bool WantedFamily(IPAddress address, SocketTableRequest request, out IPFamily family)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                family = IPFamily.IPv4;
                return request.IncludeIPv4;
            }

            family = IPFamily.IPv6;
            return address.AddressFamily == AddressFamily.InterNetworkV6 && request.IncludeIPv6;
        }

        private static IPAddress Wildcard(IPFamily family) => family == IPFamily.IPv4 ? IPAddress.Any : IPAddress.IPv6Any;

        internal static SocketState ToSocketState(TcpState state)
        {
            switch (state)
            {
                case TcpState.Closed: return SocketState.Closed;
                case TcpState.Listen: return SocketState.Listen;
                case TcpState.SynSent: return SocketState.SynSent;
                case TcpState.SynReceived: return SocketState.SynReceived;
                case TcpState.Established: return SocketState.Established;
                case TcpState.FinWait1: return SocketState.FinWait1;
                case TcpState.FinWait2: return SocketState.FinWait2;
                case TcpState.CloseWait: return SocketState.CloseWait;
                case TcpState.Closing: return SocketState.Closing;
                case TcpState.LastAck: return SocketState.LastAck;
                case TcpState.TimeWait: return SocketState.TimeWait;
                case TcpState.DeleteTcb: return SocketState.Closed;
                default: return SocketState.Unknown;
            }
        }
    }
}
