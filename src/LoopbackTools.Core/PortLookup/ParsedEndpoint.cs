using System.Net;

namespace LoopbackTools.PortLookup
{
    /// <summary>"62893", "127.0.0.1:62893", "[::1]:8080" or "localhost:3000", read.</summary>
    internal sealed class ParsedEndpoint
    {
        public ParsedEndpoint(string input, int port, IPAddress? address, bool isLocalhost)
        {
            Input = input;
            Port = port;
            Address = address;
            IsLocalhost = isLocalhost;
        }

        public string Input { get; }

        public int Port { get; }

        /// <summary>The literal address; null for a bare port or for localhost.</summary>
        public IPAddress? Address { get; }

        /// <summary>True for "localhost:port", whose addresses come from the resolver.</summary>
        public bool IsLocalhost { get; }
    }
}
