namespace LoopbackTools
{
    /// <summary>What stands in the way of a port. Each kind is one rule in LoopbackTools.Conflicts.</summary>
    public enum ConflictKind
    {
        /// <summary>A planned port already has a listener (or connections hold it as their local port).</summary>
        InUse,

        /// <summary>Several processes listen on the same port and address (SO_REUSEPORT / SO_REUSEADDR).</summary>
        SharedPort,

        /// <summary>One process on the wildcard address and another on a specific address of the same port.</summary>
        WildcardShadow,

        /// <summary>The IPv4 and IPv6 sides of a port belong to different processes.</summary>
        DualStackSplit,

        /// <summary>A listener on only one loopback family while 'localhost' resolves to the other first (or to both).</summary>
        LocalhostMismatch,

        /// <summary>A listener or planned port inside the OS ephemeral range, where an outgoing connection can take it first.</summary>
        EphemeralRange,

        /// <summary>A planned port inside a Windows excluded range: binding is refused.</summary>
        ExcludedRange,

        /// <summary>A planned port below the unprivileged-port start when the caller cannot bind it.</summary>
        Privileged,

        /// <summary>Sockets in TIME_WAIT on a planned port: a server without SO_REUSEADDR cannot rebind yet.</summary>
        TimeWait,
    }
}
