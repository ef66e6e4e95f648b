namespace LoopbackTools.Classification
{
    /// <summary>Everything about a port that does not depend on who holds it: category, ephemeral range, service name.</summary>
    internal sealed class PortClassifier
    {
        public PortClassifier(PortRange tcpEphemeral, PortRange udpEphemeral, ServiceNames services)
        {
            TcpEphemeral = tcpEphemeral;
            UdpEphemeral = udpEphemeral;
            Services = services;
        }

        public PortRange TcpEphemeral { get; }

        public PortRange UdpEphemeral { get; }

        public ServiceNames Services { get; }

        public static PortClassifier ForCurrentPlatform() => new PortClassifier(
            Ranges.EphemeralRangeReader.Read(TransportProtocol.Tcp),
            Ranges.EphemeralRangeReader.Read(TransportProtocol.Udp),
            ServiceNames.FromOperatingSystem());

        public bool InEphemeralRange(int port, TransportProtocol protocol) =>
            (protocol == TransportProtocol.Tcp ? TcpEphemeral : UdpEphemeral).Contains(port);
    }
}
