namespace LoopbackTools.Audit
{
    /// <summary>How a catalogue row recognises its service (see the header of SensitiveServices.csv).</summary>
    internal enum SensitiveServiceMatch
    {
        /// <summary>The port alone identifies the service.</summary>
        Port,

        /// <summary>The port, confirmed by the owner's name when the owner can be seen.</summary>
        PortAndProcess,

        /// <summary>The port, or one of the service's processes on any port.</summary>
        PortOrProcess,
    }
}
