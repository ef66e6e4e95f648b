namespace LoopbackTools.Ranges
{
    /// <summary>Whose rules a port analysis follows; a value rather than <see cref="Platform"/> so tests can analyse Windows text on Linux.</summary>
    internal enum HostPlatform
    {
        Linux,
        Windows,
        MacOS,
        Other,
    }
}
