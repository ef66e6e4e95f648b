namespace LoopbackTools
{
    /// <summary>
    /// Which states make a socket a listener: TCP <see cref="SocketState.Listen"/> and unconnected UDP
    /// (<see cref="SocketState.Bound"/>), the sockets that own a port for incoming traffic. Every view that splits
    /// listeners from connections (conflicts, audits, baselines, port info, probes) asks here.
    /// </summary>
    internal static class ListenerStates
    {
        public static bool Contains(SocketState state) => state == SocketState.Listen || state == SocketState.Bound;
    }
}
