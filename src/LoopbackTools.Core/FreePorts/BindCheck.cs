using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.FreePorts
{
    /// <summary>
    /// "Can this port be bound right now?" asked of the OS itself, on the loopback and the wildcard address of each
    /// family and protocol. The OS's own answer to a bind covers every holder, whatever address or family it used.
    /// </summary>
    internal sealed class BindCheck
    {
        private readonly List<(IPAddress Address, TransportProtocol Protocol)> _binds = new List<(IPAddress, TransportProtocol)>();

        public BindCheck(IEnumerable<TransportProtocol> protocols, IEnumerable<IPFamily> families)
        {
            foreach (var protocol in protocols)
            {
                foreach (var family in families)
                {
                    _binds.Add((family == IPFamily.IPv4 ? IPAddress.Loopback : IPAddress.IPv6Loopback, protocol));
                    _binds.Add((family == IPFamily.IPv4 ? IPAddress.Any : IPAddress.IPv6Any, protocol));
                }
            }
        }

        /// <summary>True when every bind succeeded; otherwise <paramref name="blocked"/> names the first that failed and why.</summary>
        public bool IsFree(int port, out string blocked) => IsFree(port, out blocked, out _);

        /// <summary>As <see cref="IsFree(int, out string)"/>, with the error of the bind that failed (AccessDenied: a privileged port).</summary>
        public bool IsFree(int port, out string blocked, out SocketError error)
        {
            blocked = string.Empty;
            error = SocketError.Success;
            foreach (var (address, protocol) in _binds)
            {
                // One bind at a time: our own loopback bind would otherwise collide with our wildcard bind.
                var socket = protocol == TransportProtocol.Tcp
                    ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                    : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    // Without SO_REUSEADDR a port still in TIME_WAIT counts as taken: a server without the option could not bind it.
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
                    if (address.AddressFamily == AddressFamily.InterNetworkV6)
                    {
                        socket.DualMode = false;
                    }

                    socket.Bind(new IPEndPoint(address, port));
                }
                catch (SocketException e)
                {
                    blocked = $"{protocol.ToString().ToUpperInvariant()} {EndpointText.Format(address.ToString(), port)}: {e.SocketErrorCode}";
                    error = e.SocketErrorCode;
                    return false;
                }
                finally
                {
                    socket.Dispose();
                }
            }

            return true;
        }
    }
}
