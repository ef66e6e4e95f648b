namespace LoopbackTools
{
    /// <summary>
    /// The answer for one address and one port. A name such as localhost gives one result per address it resolves
    /// to, because clients try those addresses one by one and a server often listens on only one of them.
    /// </summary>
    public sealed class PortTestResult
    {
        /// <summary>
        /// The computer whose port was probed: this machine's name, or the session's for rows a remote run brought back.
        /// Always the machine, like every object's ComputerName, so results of many hosts sort and group alike.
        /// </summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        /// <summary>The name or address the caller asked for (localhost, ::1, this host's name): -ComputerName as typed.</summary>
        public string Target { get; set; } = string.Empty;

        /// <summary>The address probed, in canonical text form.</summary>
        public string Address { get; set; } = string.Empty;

        public IPFamily AddressFamily { get; set; }

        public int Port { get; set; }

        public TransportProtocol Protocol { get; set; }

        public PortTestStatus Status { get; set; }

        public bool IsOpen => Status == PortTestStatus.Open;

        /// <summary>Milliseconds from the start of the probe to its outcome; null when the outcome came from the socket table alone.</summary>
        public double? LatencyMs { get; set; }

        /// <summary>The listening process, when the socket table knows it (the whole table needs root on Linux).</summary>
        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        /// <summary>The OS error behind Unreachable or Error, or how a UDP verdict was reached; null otherwise.</summary>
        public string? Detail { get; set; }

        public override string ToString() => $"{Protocol} {EndpointText.Format(Address, Port)} {Status}";
    }
}
