namespace LoopbackTools
{
    /// <summary>Writes address:port the way every tool parses it back: IPv6 in brackets.</summary>
    public static class EndpointText
    {
        public static string Format(string address, int port)
        {
            return address.IndexOf(':') >= 0 ? $"[{address}]:{port}" : $"{address}:{port}";
        }
    }
}
