namespace LoopbackTools.PortLookup
{
    /// <summary>Why an endpoint string was rejected; the cmdlet turns each into a stable ErrorId.</summary>
    public enum EndpointParseError
    {
        /// <summary>Nothing but white space.</summary>
        Empty,

        /// <summary>Not "port", "address:port", "[ipv6]:port" or "localhost:port" (a missing bracket, a missing port, stray text).</summary>
        InvalidSyntax,

        /// <summary>Looks like an IP address but is not one ("1.2.3", "300.1.1.1").</summary>
        InvalidAddress,

        /// <summary>The port is not a number from 1 to 65535.</summary>
        PortOutOfRange,

        /// <summary>A host name other than localhost: the local end is named by address, and resolving names would leave the machine.</summary>
        UnsupportedHost,
    }
}
