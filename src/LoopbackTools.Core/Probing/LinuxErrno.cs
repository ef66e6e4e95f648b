using System.Net.Sockets;

namespace LoopbackTools.Probing
{
    /// <summary>Linux errno values from connect(2) and SO_ERROR, as the statuses and details the managed prober reports.</summary>
    internal static class LinuxErrno
    {
        public const int ConnectionRefused = 111;

        /// <summary>The status and the Detail text (null for plain Open/Refused/TimedOut) of an errno.</summary>
        public static (PortTestStatus Status, string? Detail) Describe(int errno)
        {
            if (errno == 11)
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
                case 1: return SocketError.AccessDenied;        // EPERM: a local firewall rule
                case 13: return SocketError.AccessDenied;       // EACCES
                case 23: return SocketError.TooManyOpenSockets; // ENFILE
                case 24: return SocketError.TooManyOpenSockets; // EMFILE
                case 97: return SocketError.AddressFamilyNotSupported;
                case 99: return SocketError.AddressNotAvailable;
                case 100: return SocketError.NetworkDown;
                case 101: return SocketError.NetworkUnreachable;
                case 104: return SocketError.ConnectionReset;
                case 105: return SocketError.NoBufferSpaceAvailable;
                case 110: return SocketError.TimedOut;
                case ConnectionRefused: return SocketError.ConnectionRefused;
                case 112: return SocketError.HostDown;
                case 113: return SocketError.HostUnreachable;
                default: return SocketError.SocketError;
            }
        }
    }
}
