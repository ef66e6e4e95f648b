namespace LoopbackTools.Linux
{
    /// <summary>The kernel's TCP state numbers (include/net/tcp_states.h), shared by netlink and /proc/net.</summary>
    internal static class LinuxSocketStates
    {
        public const int Established = 1;
        public const int Close = 7;
        public const int Listen = 10;

        public static SocketState ToSocketState(int kernelState, TransportProtocol protocol)
        {
            if (protocol == TransportProtocol.Udp)
            {
                // UDP borrows TCP_ESTABLISHED for connect()ed sockets and TCP_CLOSE for everything else.
                return kernelState == Established ? SocketState.Established : SocketState.Bound;
            }

            switch (kernelState)
            {
                case 1: return SocketState.Established;
                case 2: return SocketState.SynSent;
                case 3: return SocketState.SynReceived;
                case 4: return SocketState.FinWait1;
                case 5: return SocketState.FinWait2;
                case 6: return SocketState.TimeWait;
                case 7: return SocketState.Closed;
                case 8: return SocketState.CloseWait;
                case 9: return SocketState.LastAck;
                case 10: return SocketState.Listen;
                case 11: return SocketState.Closing;
                case 12: return SocketState.SynReceived; // TCP_NEW_SYN_RECV: a request socket before accept.
                default: return SocketState.Unknown;
            }
        }

        /// <summary>The kernel state numbers that map to <paramref name="state"/> for TCP, as a bit mask for sock_diag's idiag_states.</summary>
        public static uint TcpStateMask(SocketState state)
        {
            switch (state)
            {
                case SocketState.Established: return 1u << 1;
                case SocketState.SynSent: return 1u << 2;
                case SocketState.SynReceived: return (1u << 3) | (1u << 12);
                case SocketState.FinWait1: return 1u << 4;
                case SocketState.FinWait2: return 1u << 5;
                case SocketState.TimeWait: return 1u << 6;
                case SocketState.Closed: return 1u << 7;
                case SocketState.CloseWait: return 1u << 8;
                case SocketState.LastAck: return 1u << 9;
                case SocketState.Listen: return 1u << 10;
                case SocketState.Closing: return 1u << 11;
                default: return 0;
            }
        }
    }
}
