namespace LoopbackTools
{
    /// <summary>Why the OS treats a range of ports specially.</summary>
    public enum PortRangeKind
    {
        /// <summary>The range the OS picks automatic (ephemeral) local ports from.</summary>
        Ephemeral,

        /// <summary>Exempt from ephemeral assignment; explicit binds still work (Linux ip_local_reserved_ports).</summary>
        Reserved,

        /// <summary>Below the unprivileged-port start: binding needs privilege.</summary>
        Privileged,

        /// <summary>Excluded from binding by the OS (Windows excludedportrange: Hyper-V, WSL, WinNAT).</summary>
        Excluded,
    }
}
