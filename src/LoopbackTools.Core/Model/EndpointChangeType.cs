namespace LoopbackTools
{
    /// <summary>What happened to an endpoint between two looks at the socket table.</summary>
    public enum EndpointChangeType
    {
        /// <summary>Present now, absent before.</summary>
        Added,

        /// <summary>Present before, absent now.</summary>
        Removed,

        /// <summary>The same endpoint with a different address, exposure, state, owner or user.</summary>
        Changed,
    }
}
