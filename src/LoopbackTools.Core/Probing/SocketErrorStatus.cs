using System.Net.Sockets;

namespace LoopbackTools.Probing
{
    /// <summary>What an OS socket error means for "does it answer?".</summary>
    internal static class SocketErrorStatus
    {
        public static PortTestStatus Of(SocketError error)
        {
            switch (error)
            {
                case SocketError.Success:
                    return PortTestStatus.Open;
                case SocketError.ConnectionRefused:
                case SocketError.ConnectionReset:
                    return PortTestStatus.Refused;
                case SocketError.TimedOut:
                    return PortTestStatus.TimedOut;
                case SocketError.NetworkUnreachable:
                case SocketError.HostUnreachable:
                case SocketError.NetworkDown:
                case SocketError.HostDown:
                case SocketError.AddressNotAvailable:
                case SocketError.AddressFamilyNotSupported:
                case SocketError.ProtocolFamilyNotSupported:
                    return PortTestStatus.Unreachable;
                default:
                    return PortTestStatus.Error;
            }
        }

        /// <summary>The error as Detail shows it: the name scripts can match on, then the OS wording.</summary>
        public static string Describe(SocketError error) => $"{error}: {new SocketException((int)error).Message}";
    }
}
