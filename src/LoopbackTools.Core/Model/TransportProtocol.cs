namespace LoopbackTools
{
    /// <summary>The transport protocol of a socket.</summary>
    public enum TransportProtocol
    {
        Tcp,
        Udp,
    }
}
