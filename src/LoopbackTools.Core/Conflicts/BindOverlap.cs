using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts
{
    /// <summary>Whether a socket already bound to one address collides with a bind to another address of the same port.</summary>
    internal enum Overlap
    {
        None,

        /// <summary>Same address, or one side is the wildcard of the other's family: the bind is refused.</summary>
        Certain,

        /// <summary>An IPv6 wildcard and an IPv4 address: they collide only if the IPv6 socket is dual-stack, which the table does not say.</summary>
        IfDualStack,
    }

    internal static class BindOverlap
    {
        /// <summary>A planned address of null means "not decided yet": anything on the port is in the way.</summary>
        public static Overlap Of(string existingAddress, IPAddress? planned)
        {
            if (planned == null)
            {
                return Overlap.Certain;
            }

            if (!IPAddress.TryParse(existingAddress, out var existing))
            {
                return Overlap.None;
            }

            existing = Unmap(existing);
            planned = Unmap(planned);
            if (existing.AddressFamily == planned.AddressFamily)
            {
                return existing.Equals(planned) || AddressClassifier.IsWildcard(existing) || AddressClassifier.IsWildcard(planned)
                    ? Overlap.Certain
                    : Overlap.None;
            }

            // An IPv6 wildcard socket without IPV6_V6ONLY also owns the IPv4 side of the port.
            var v6 = existing.AddressFamily == AddressFamily.InterNetworkV6 ? existing : planned;
            return AddressClassifier.IsWildcard(v6) ? Overlap.IfDualStack : Overlap.None;
        }

        private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
