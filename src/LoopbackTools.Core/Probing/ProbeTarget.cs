using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Probing
{
    /// <summary>One address and port to probe, already admitted by the <see cref="LocalHostGuard"/>.</summary>
    internal sealed class ProbeTarget
    {
        public ProbeTarget(string computerName, IPAddress address, int port, TransportProtocol protocol)
        {
            ComputerName = computerName;
            Address = address;
            Port = port;
            Protocol = protocol;
        }

        public string ComputerName { get; }

        public IPAddress Address { get; }

        public int Port { get; }

        public TransportProtocol Protocol { get; }

        public IPFamily Family => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4;

        // The name probed becomes the result's Target; the result's ComputerName is the machine (its default).
        public PortTestResult ToResult(PortTestStatus status, double? latencyMs, string? detail) => new PortTestResult
        {
            Target = ComputerName,
            Address = AddressText.Format(Address),
            AddressFamily = Family,
            Port = Port,
            Protocol = Protocol,
            Status = status,
            LatencyMs = latencyMs,
            Detail = detail,
        };
    }
}
