namespace LoopbackTools.FreePorts
{
    /// <summary>What kind of free port a caller wants, and how many.</summary>
    internal sealed class FreePortQuery
    {
        public int Count { get; set; } = 1;

        /// <summary>The ports to choose from; null for the default (1024-65535 outside the ephemeral and reserved ranges).</summary>
        public PortList? Ports { get; set; }

        public ProtocolSelection Protocol { get; set; } = ProtocolSelection.Tcp;

        public IPFamilySelection AddressFamily { get; set; } = IPFamilySelection.Both;
    }
}
