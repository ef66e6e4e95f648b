using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Probing
{
    /// <summary>A TCP connect probe: a completed handshake is Open, a reset is Refused.</summary>
    internal sealed class TcpConnectOperation : ProbeOperation
    {
        public TcpConnectOperation(ProbeTarget target)
            : base(target)
        {
        }

        // SIO_TCP_INITIAL_RTO with TCP_INITIAL_RTO_PARAMETERS { Rtt = unspecified (0xFFFF), MaxSynRetransmissions =
        // none (0xFE) }: Windows otherwise answers a reset by sending the SYN again, twice, so a closed port takes
        // about two seconds to refuse, past the default timeout, and would be reported TimedOut.
        private const int WindowsInitialRtoIoctl = unchecked((int)0x98000011);
        private static readonly byte[] NoSynRetransmissions = { 0xFF, 0xFF, 0xFE, 0x00 };

        protected override Socket CreateSocket()
        {
            var socket = new Socket(Target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (Platform.IsWindows)
            {
                try
                {
                    socket.IOControl(WindowsInitialRtoIoctl, NoSynRetransmissions, null);
                }
                catch (SocketException)
                {
                    // Before Windows 10 1703 the option is unknown: refusals are just slower there.
                }
            }

            return socket;
        }

        protected override bool BeginIo(Socket socket)
        {
            RemoteEndPoint = new IPEndPoint(Target.Address, Target.Port);
            return socket.ConnectAsync(this);
        }

        protected override PortTestResult Interpret(Socket socket, double latencyMs)
        {
            if (SocketError == SocketError.Success)
            {
                // With nothing bound to a port in the ephemeral range the OS may pick that very port as our source
                // port, and the SYN then "answers" itself (TCP simultaneous open). That is the absence of a listener.
                if (socket.LocalEndPoint is IPEndPoint local && local.Port == Target.Port && local.Address.Equals(Target.Address))
                {
                    return Target.ToResult(PortTestStatus.Refused, latencyMs, "The probe connected to itself (the OS chose this port as its source "
                        + "port): nothing listens.");
                }

                return Target.ToResult(PortTestStatus.Open, latencyMs, null);
            }

            var status = SocketErrorStatus.Of(SocketError);
            return Target.ToResult(status, latencyMs, DetailFor(status, SocketError));
        }

        protected override void Close(Socket socket, bool completedNormally)
        {
            if (completedNormally && SocketError == SocketError.Success)
            {
                // A reset instead of a FIN: no TIME_WAIT left behind, so sweeps do not eat the ephemeral port range.
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (SocketException)
                {
                }
            }

            socket.Dispose();
        }
    }
}
