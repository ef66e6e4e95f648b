using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using LoopbackTools.Classification;

namespace LoopbackTools.Listeners
{
    /// <summary>
    /// Every listener started in this process, so that Get-LoopbackListener can list them, Stop-LoopbackListener
    /// can close them, and removing the module closes them all (no listener outlives its owner unnoticed).
    /// </summary>
    internal static class LoopbackListenerRegistry
    {
        private const int Backlog = 128;

        private static readonly ConcurrentDictionary<int, ListenerHost> Hosts = new ConcurrentDictionary<int, ListenerHost>();
        private static int _lastId;

        /// <exception cref="ListenerAddressException">The address is not a loopback IP address.</exception>
        /// <exception cref="PortInUseException">The port is taken; the message names the holder.</exception>
        /// <exception cref="SocketException">The OS refused the bind for another reason (privilege, address not configured).</exception>
        public static LoopbackListener Start(ListenerOptions options, CancellationToken cancellationToken = default)
        {
            var address = ListenerAddress.Parse(options.Address);
            var socket = options.Protocol == TransportProtocol.Tcp
                ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (options.Protocol == TransportProtocol.Tcp)
                {
                    ReuseAddressOption.Enable(socket);
                }

                socket.Bind(new IPEndPoint(address, options.Port));
                if (options.Protocol == TransportProtocol.Tcp)
                {
                    socket.Listen(Backlog);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                socket.Dispose();
                var (holders, processIds) = PortHolders.Describe(options.Protocol, options.Port, cancellationToken);
                string protocol = options.Protocol.ToString().ToUpperInvariant();
                throw new PortInUseException(options.Protocol, AddressText.Format(address), options.Port, processIds,
                    $"{protocol} port {options.Port} cannot be bound on {AddressText.Format(address)}: it is already in use. {holders}", e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            var info = new LoopbackListener(
                Interlocked.Increment(ref _lastId), AddressText.Format(address), port, options.Protocol, options.Response, DateTime.Now);
            byte[]? response = options.Response == null ? null : Encoding.UTF8.GetBytes(options.Response);
            ListenerHost host = options.Protocol == TransportProtocol.Tcp
                ? new TcpListenerHost(info, socket, response)
                : (ListenerHost)new UdpListenerHost(info, socket, response);
            Hosts[info.Id] = host;
            host.Start();
            return info;
        }

        /// <summary>The running listeners, oldest first.</summary>
        public static IReadOnlyList<LoopbackListener> List() => Hosts.Values.Select(h => h.Info).OrderBy(l => l.Id).ToList();

        public static LoopbackListener? Find(int id) => Hosts.TryGetValue(id, out var host) ? host.Info : null;

        /// <summary>Closes the listener and its connections; false when no running listener has that Id.</summary>
        public static bool Stop(int id)
        {
            if (!Hosts.TryRemove(id, out var host))
            {
                return false;
            }

            host.Stop();
            return true;
        }

        /// <summary>Closes every listener (module removal); returns how many were running.</summary>
        public static int CloseAll()
        {
            int closed = 0;
            foreach (int id in Hosts.Keys.ToList())
            {
                if (Stop(id))
                {
                    closed++;
                }
            }

            return closed;
        }
    }
}
