using System.Collections.Generic;

namespace LoopbackTools.Commands
{
    /// <summary>The protocols a -Protocol parameter names, de-duplicated and in enum order, with a default when it is omitted.</summary>
    internal static class ProtocolList
    {
        public static List<TransportProtocol> OrBoth(TransportProtocol[]? protocols) =>
            Or(protocols, TransportProtocol.Tcp, TransportProtocol.Udp);

        public static List<TransportProtocol> Or(TransportProtocol[]? protocols, params TransportProtocol[] defaults)
        {
            var set = new SortedSet<TransportProtocol>(protocols == null || protocols.Length == 0 ? defaults : protocols);
            return new List<TransportProtocol>(set);
        }
    }
}
