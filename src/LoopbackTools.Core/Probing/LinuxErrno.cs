using System.Net.Sockets;
using LoopbackTools.Native;

namespace LoopbackTools.Probing
{
    /// <summary>Linux errno values from connect(2) and SO_ERROR, as the statuses and details the managed prober reports.</summary>
    internal static class LinuxErrno
    {
        /// <summary>The status and the Detail text (null for plain Open/Refused/TimedOut) of an errno.</summary>
        public static (PortTestStatus Status, string? Detail) Describe(int errno)
        {
            if (errno == Errno.EAGAIN)
            {
                // connect(2) on TCP: no free local port to use as the source of a new connection.
                return (PortTestStatus.Error, "EAGAIN: no free local (ephemeral) port is left for a new connection.");
            }

            var error = ToSocketError(errno);
            var status = SocketErrorStatus.Of(error);
            string? detail = status == PortTestStatus.Unreachable || status == PortTestStatus.Error
                ? (error == SocketError.SocketError ? $"errno {errno}" : SocketErrorStatus.Describe(error))
                : null;
            return (status, detail);
        }

        private static SocketError ToSocketError(int errno)
        {
            switch (errno)
            {
                case 0: return SocketError.Success;
                case Errno.EPERM: return SocketError.AccessDenied;        // EPERM: a local firewall rule
                case Errno.EACCES: return SocketError.AccessDenied;       // EACCES
                case Errno.ENFILE: return SocketError.TooManyOpenSockets; // ENFILE
                case Errno.EMFILE: return SocketError.TooManyOpenSockets; // EMFILE
                case Errno.EAFNOSUPPORT: return SocketError.AddressFamilyNotSupported;
                case Errno.EADDRNOTAVAIL: return SocketError.AddressNotAvailable;
                case Errno.ENETDOWN: return SocketError.NetworkDown;
                case Errno.ENETUNREACH: return SocketError.NetworkUnreachable;
                case Errno.ECONNRESET: return SocketError.ConnectionReset;
                case Errno.ENOBUFS: return SocketError.NoBufferSpaceAvailable;
                case Errno.ETIMEDOUT: return SocketError.TimedOut;
                case Errno.ECONNREFUSED: return SocketError.ConnectionRefused;
                case Errno.EHOSTDOWN: return SocketError.HostDown;
                case Errno.EHOSTUNREACH: return SocketError.HostUnreachable;
                default: return SocketError.SocketError;
            }
        }
    }
}
