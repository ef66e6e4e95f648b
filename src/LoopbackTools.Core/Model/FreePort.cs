namespace LoopbackTools
{
    /// <summary>A port that could be bound, when it was checked, on every address the caller asked about.</summary>
    public sealed class FreePort
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public FreePort(int port, ProtocolSelection protocol, IPFamilySelection addressFamily)
        {
            Port = port;
            Protocol = protocol;
            AddressFamily = addressFamily;
        }

        public int Port { get; }

        /// <summary>The protocols the port was checked for: Tcp, Udp, or Both.</summary>
        public ProtocolSelection Protocol { get; }

        /// <summary>The families the port was checked for: IPv4, IPv6, or Both.</summary>
        public IPFamilySelection AddressFamily { get; }

        public override string ToString() => Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
