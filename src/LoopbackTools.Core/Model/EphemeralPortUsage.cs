namespace LoopbackTools
{
    /// <summary>
    /// How many automatic (ephemeral) local ports the connections from one local address to one destination hold.
    /// Linux gives out a TCP local port per destination tuple: the same port can serve connections to different
    /// destinations, so exhaustion is per destination and <see cref="PercentUsed"/> is how close new connections to
    /// this destination are to failing with EADDRNOTAVAIL.
    /// </summary>
    public sealed class EphemeralPortUsage
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public TransportProtocol Protocol { get; set; }

        public string LocalAddress { get; set; } = string.Empty;

        /// <summary>Empty for unconnected UDP sockets, which have no destination.</summary>
        public string RemoteAddress { get; set; } = string.Empty;

        public int RemotePort { get; set; }

        /// <summary>Sockets in any state but TIME_WAIT (Established, SynSent, CloseWait, ...).</summary>
        public int InUse { get; set; }

        /// <summary>Sockets closed by this side that still hold their port for up to 60 s.</summary>
        public int TimeWait { get; set; }

        /// <summary>Ports the OS can hand out automatically: the ephemeral range minus reserved or excluded ports inside it.</summary>
        public int RangeSize { get; set; }

        /// <summary>(InUse + TimeWait) / RangeSize, in percent with one decimal.</summary>
        public double PercentUsed { get; set; }

        /// <summary>The processes holding most of these sockets: "python3 (PID 12) x40, curl (PID 9) x3".</summary>
        public string TopProcesses { get; set; } = string.Empty;

        public override string ToString() =>
            $"{Protocol} {LocalAddress} -> {(RemoteAddress.Length == 0 ? "*" : EndpointText.Format(RemoteAddress, RemotePort))} {PercentUsed}%";
    }
}
