namespace LoopbackTools
{
    /// <summary>The IANA port category (RFC 6335).</summary>
    public enum PortCategory
    {
        /// <summary>0-1023.</summary>
        WellKnown,

        /// <summary>1024-49151.</summary>
        Registered,

        /// <summary>49152-65535.</summary>
        Dynamic,
    }
}
