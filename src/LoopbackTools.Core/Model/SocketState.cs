namespace LoopbackTools
{
    /// <summary>
    /// The state of a socket. TCP states follow RFC 793; <see cref="Bound"/> is an unconnected UDP socket,
    /// which has no TCP-like state but still owns its port.
    /// </summary>
    public enum SocketState
    {
        Listen,
        Established,
        SynSent,
        SynReceived,
        FinWait1,
        FinWait2,
        TimeWait,
        CloseWait,
        LastAck,
        Closing,
        Closed,
        Bound,
        Unknown,
    }
}
