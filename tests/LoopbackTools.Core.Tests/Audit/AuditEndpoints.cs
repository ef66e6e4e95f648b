using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Tests.Audit
{
    /// <summary>Endpoint rows as the engine builds them (exposure and family from the address), for the pure rule and pairing logic.</summary>
    internal static class AuditEndpoints
    {
        public static Endpoint Listener(string address, int port, string? name = null, string? path = null, int? pid = null,
            TransportProtocol protocol = TransportProtocol.Tcp, string? user = null)
        {
            var ip = IPAddress.Parse(address);
            return new Endpoint
            {
                Protocol = protocol,
                AddressFamily = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4,
                LocalAddress = ip.ToString(),
                LocalPort = port,
                RemoteAddress = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::" : "0.0.0.0",
                State = protocol == TransportProtocol.Tcp ? SocketState.Listen : SocketState.Bound,
                Exposure = AddressClassifier.ExposureOf(ip),
                PortCategory = AddressClassifier.CategoryOf(port),
                ProcessId = pid,
                ProcessName = name,
                ProcessPath = path,
                UserName = user,
            };
        }
    }
}
