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

        /// <summary>An IPv6 wildcard and an IPv4 address: they collide only if the IPv6 socket is dual-stack, which is not known.</summary>
        IfDualStack,
    }

    internal static class BindOverlap
    {
        /// <summary>
        /// As <see cref="Of(string, IPAddress?)"/> for a socket in the table, whose own IPV6_V6ONLY (when the table carries
        /// it) settles the dual-stack question: a dual-stack :: owns the IPv4 side of its port, a v6-only one does not.
        /// </summary>
        public static Overlap Of(Endpoint existing, IPAddress? planned)
        {
            var overlap = Of(existing.LocalAddress, planned);
            if (overlap == Overlap.IfDualStack && existing.IPv6Only.HasValue
                && IPAddress.TryParse(existing.LocalAddress, out var address) && address.Equals(IPAddress.IPv6Any))
            {
                return existing.IPv6Only.Value ? Overlap.None : Overlap.Certain;
            }

            return overlap;
        }

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
