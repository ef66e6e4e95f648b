namespace LoopbackTools
{
    /// <summary>What one probe of one address and port found.</summary>
    public enum PortTestStatus
    {
        /// <summary>TCP: the handshake completed. UDP: a socket is bound there, or the probe got an answer.</summary>
        Open,

        /// <summary>Nothing listens: TCP got a reset, UDP got ICMP port-unreachable.</summary>
        Refused,

        /// <summary>No answer within -TimeoutMs: a full accept queue, a firewall that drops, or (UDP) a silent socket.</summary>
        TimedOut,

        /// <summary>The address cannot be reached from here (no route, address not configured, family disabled).</summary>
        Unreachable,

        /// <summary>The probe itself failed (out of sockets, out of ephemeral ports, ...); Detail says why.</summary>
        Error,
    }
}
