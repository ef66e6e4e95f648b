namespace LoopbackTools.Probing
{
    /// <summary>How long one probe may wait and how many may be in flight at once.</summary>
    internal sealed class ProbeOptions
    {
        public const int DefaultTimeoutMs = 1000;

        // Loopback answers in microseconds, so the limit only bounds sockets held at once (each is a file descriptor).
        public const int DefaultThrottleLimit = 512;

        public int TimeoutMs { get; set; } = DefaultTimeoutMs;

        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>Which TCP prober runs; tests pin one to cover both on Linux.</summary>
        internal TcpProbeEngine TcpEngine { get; set; } = TcpProbeEngine.Automatic;
    }
}
