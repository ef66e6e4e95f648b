namespace LoopbackTools
{
    /// <summary>One IP version, or both, for questions that can be asked of either.</summary>
    public enum IPFamilySelection
    {
        IPv4,
        IPv6,
        Both,
    }
}
