using System;
using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// A UDP probe: an empty datagram on a connected socket. An answer is Open; ICMP port-unreachable comes back
    /// as ECONNREFUSED (WSAECONNRESET on Windows) on the next receive and is Refused; silence is TimedOut.
    /// </summary>
    internal sealed class UdpProbeOperation : ProbeOperation
    {
        public UdpProbeOperation(ProbeTarget target)
            : base(target)
        {
        }

        protected override string? TimedOutDetail => "No answer and no ICMP port-unreachable: a socket that stays silent on an empty datagram, or a "
            + "firewall that drops.";

        protected override Socket CreateSocket() => new Socket(Target.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

        protected override bool BeginIo(Socket socket)
        {
            // Connecting a UDP socket sends nothing; it makes the kernel hand us the ICMP error for this peer.
            socket.Connect(new IPEndPoint(Target.Address, Target.Port));
            socket.Send(Array.Empty<byte>());
            SetBuffer(new byte[1], 0, 1);
            return socket.ReceiveAsync(this);
        }

        protected override PortTestResult Interpret(Socket socket, double latencyMs)
        {
            if (SocketError == SocketError.Success || SocketError == SocketError.MessageSize)
            {
                return Target.ToResult(PortTestStatus.Open, latencyMs, "Answered the probe datagram.");
            }

            var status = SocketErrorStatus.Of(SocketError);
            string? detail = status == PortTestStatus.Refused ? "ICMP port-unreachable." : DetailFor(status, SocketError);
            return Target.ToResult(status, latencyMs, detail);
        }
    }
}
