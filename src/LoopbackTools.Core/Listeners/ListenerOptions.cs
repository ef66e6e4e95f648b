namespace LoopbackTools.Listeners
{
    /// <summary>What Start-LoopbackListener was asked for.</summary>
    internal sealed class ListenerOptions
    {
        public string Address { get; set; } = "127.0.0.1";

        /// <summary>0 lets the OS pick a free ephemeral port.</summary>
        public int Port { get; set; }

        public TransportProtocol Protocol { get; set; } = TransportProtocol.Tcp;

        /// <summary>The fixed answer; null to echo what arrives.</summary>
        public string? Response { get; set; }
    }
}
