namespace LoopbackTools.Probing
{
    /// <summary>The TCP connect prober to use.</summary>
    internal enum TcpProbeEngine
    {
        /// <summary>The libc sweep on Linux, asynchronous .NET sockets elsewhere.</summary>
        Automatic,

        /// <summary>Asynchronous .NET sockets (every OS).</summary>
        Portable,

        /// <summary>Non-blocking libc connects and poll(2) (Linux only).</summary>
        LinuxSweep,
    }
}
