namespace LoopbackTools
{
    /// <summary>What kind of address an endpoint names, as Get-PortInfo explains it.</summary>
    public enum AddressKind
    {
        /// <summary>Only a port was given.</summary>
        None,

        /// <summary>127.0.0.0/8.</summary>
        IPv4Loopback,

        /// <summary>::1.</summary>
        IPv6Loopback,

        /// <summary>0.0.0.0 or ::: every address of the machine.</summary>
        Wildcard,

        /// <summary>The name 'localhost', which the resolver turns into loopback addresses in some order.</summary>
        Localhost,

        /// <summary>Any other address: one interface of this machine, or not this machine at all.</summary>
        Other,
    }
}
