namespace LoopbackTools
{
    /// <summary>An inclusive range of ports the OS treats specially, with where that fact was read.</summary>
    public sealed class PortRange
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public PortRange(TransportProtocol protocol, int startPort, int endPort, PortRangeKind kind, string source)
        {
            Protocol = protocol;
            StartPort = startPort;
            EndPort = endPort;
            Kind = kind;
            Source = source;
        }

        public TransportProtocol Protocol { get; }

        public int StartPort { get; }

        public int EndPort { get; }

        public int Count => EndPort >= StartPort ? EndPort - StartPort + 1 : 0;

        public PortRangeKind Kind { get; }

        /// <summary>Where the range was read: a file path, a sysctl name, a command, or "default".</summary>
        public string Source { get; }

        /// <summary>True for an administered (manually added) Windows exclusion; false elsewhere.</summary>
        public bool Administered { get; set; }

        public bool Contains(int port) => port >= StartPort && port <= EndPort;

        public override string ToString() => $"{Protocol} {StartPort}-{EndPort} {Kind}";
    }
}
