namespace LoopbackTools
{
    /// <summary>One protocol's use of the ephemeral range, counted by distinct local ports and by socket state.</summary>
    public sealed class EphemeralPortSummary
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public TransportProtocol Protocol { get; set; }

        public int StartPort { get; set; }

        public int EndPort { get; set; }

        /// <summary>Ports the OS can hand out automatically (the range minus reserved or excluded ports inside it).</summary>
        public int RangeSize { get; set; }

        /// <summary>Sockets holding an automatic local port.</summary>
        public int Sockets { get; set; }

        /// <summary>Distinct local ports among them.</summary>
        public int PortsInUse { get; set; }

        /// <summary>
        /// PortsInUse / RangeSize in percent: the number that counts where ports are not shared across destinations (UDP; Windows and macOS).
        /// </summary>
        public double PercentUsed { get; set; }

        public int Established { get; set; }

        public int TimeWait { get; set; }

        /// <summary>The peer closed and this process has not: a steady growth is a leak in the program.</summary>
        public int CloseWait { get; set; }

        /// <summary>FinWait1 and FinWait2.</summary>
        public int FinWait { get; set; }

        public int SynSent { get; set; }

        /// <summary>Every other state (LastAck, Closing, SynReceived, Bound UDP, ...).</summary>
        public int OtherStates { get; set; }

        public int Destinations { get; set; }

        /// <summary>The destination closest to running out, "127.0.0.1:8080"; empty when there is none.</summary>
        public string BusiestDestination { get; set; } = string.Empty;

        /// <summary>PercentUsed of <see cref="BusiestDestination"/>.</summary>
        public double BusiestPercentUsed { get; set; }

        public string TopProcesses { get; set; } = string.Empty;

        /// <summary>The network namespace this is about (inode number, as Endpoint.NetworkNamespace); null where unknown.</summary>
        public ulong? NetworkNamespace { get; set; }

        public override string ToString() => $"{Protocol} {PortsInUse}/{RangeSize} ports {PercentUsed}%";
    }
}
