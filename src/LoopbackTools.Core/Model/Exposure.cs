namespace LoopbackTools
{
    /// <summary>Who can reach a socket by the address it is bound to.</summary>
    public enum Exposure
    {
        /// <summary>Bound to 127.0.0.0/8 or ::1: only this machine can reach it.</summary>
        LoopbackOnly,

        /// <summary>Bound to 0.0.0.0 or ::: reachable on every interface, loopback included.</summary>
        AllInterfaces,

        /// <summary>Bound to one non-loopback address: reachable from that interface's network, not through loopback.</summary>
        SpecificInterface,
    }
}
