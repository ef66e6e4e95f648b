using System;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// A NETLINK_SOCK_DIAG socket as the table uses it: one request out, datagrams in. The real one is
    /// <see cref="SockDiagSocket"/>; tests replay datagrams crafted the kernel's way (an interrupted dump cannot be
    /// caused on demand).
    /// </summary>
    internal interface ISockDiagTransport : IDisposable
    {
        /// <exception cref="Sockets.SocketTableUnavailableException">The request could not be sent.</exception>
        void Send(byte[] request, int length);

        /// <summary>One datagram into <paramref name="buffer"/>; its length, 0 when the socket closed.</summary>
        /// <exception cref="Sockets.SocketTableUnavailableException">recv failed.</exception>
        int Receive(byte[] buffer);
    }
}
