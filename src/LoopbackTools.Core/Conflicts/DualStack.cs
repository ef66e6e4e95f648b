using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;
using LoopbackTools.Ranges;

namespace LoopbackTools.Conflicts
{
    /// <summary>
    /// Whether an IPv6 wildcard socket also takes IPv4: the kernel's own flag (IPV6_V6ONLY, from netlink) when the table
    /// carries it, else the system's default for new sockets (net.ipv6.bindv6only), else unknown.
    /// </summary>
    internal static class DualStack
    {
        /// <summary>True for an IPv6 wildcard socket that takes IPv4 too; false for every other socket; null when unknown.</summary>
        public static bool? TakesIPv4(Endpoint endpoint, PortEnvironment environment)
        {
            if (endpoint.AddressFamily != IPFamily.IPv6 || !IPAddress.TryParse(endpoint.LocalAddress, out var address)
                || address.AddressFamily != AddressFamily.InterNetworkV6 || !AddressClassifier.IsWildcard(address))
            {
                return false;
            }

            bool? v6Only = endpoint.IPv6Only ?? environment.IPv6OnlyByDefault;
            return v6Only.HasValue ? !v6Only.Value : (bool?)null;
        }

        /// <summary>
        /// As <see cref="TakesIPv4"/>, with unknown read as "yes": the Linux default, and the cautious answer for "is the
        /// port taken".
        /// </summary>
        public static bool MayTakeIPv4(Endpoint endpoint, PortEnvironment environment) => TakesIPv4(endpoint, environment) != false;
    }
}
