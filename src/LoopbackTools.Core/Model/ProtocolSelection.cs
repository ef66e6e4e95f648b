namespace LoopbackTools
{
    /// <summary>One transport protocol, or both, for questions that can be asked of either.</summary>
    public enum ProtocolSelection
    {
        Tcp,
        Udp,
        Both,
    }
}
