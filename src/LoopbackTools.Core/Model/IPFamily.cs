namespace LoopbackTools
{
    /// <summary>The IP version of a socket; named for what admins type, not for System.Net's InterNetwork.</summary>
    public enum IPFamily
    {
        IPv4,
        IPv6,
    }
}
