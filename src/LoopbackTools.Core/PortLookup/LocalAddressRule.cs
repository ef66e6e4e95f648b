using System.Net;
using LoopbackTools.Classification;
using LoopbackTools.Errors;
using LoopbackTools.Probing;

namespace LoopbackTools.PortLookup
{
    /// <summary>
    /// Whether an address can hold a socket of this machine: loopback, a wildcard, or an address configured on one
    /// of its interfaces. Anything else (8.8.8.8, 192.0.2.1) cannot be bound here, so describing or planning the
    /// local end of a port there would answer a question about another host with this machine's table.
    /// </summary>
    internal static class LocalAddressRule
    {
        /// <summary>Null when the address is this machine's; otherwise the reason it is not, in the guard's words.</summary>
        public static string? Refusal(IPAddress address, LocalHostGuard guard)
        {
            if (AddressClassifier.IsWildcard(address))
            {
                return null;
            }

            return guard.TryAdmit(address, out _, out string refusal) ? null : refusal;
        }

        /// <summary>Throws AddressNotLocal, naming <paramref name="input"/> and what to do instead, for an address not on this machine.</summary>
        /// <param name="instead">The sentence that says what to give instead (the caller knows its parameters).</param>
        public static void Require(IPAddress address, string input, LocalHostGuard guard, string instead)
        {
            if (Refusal(address, guard) is string refusal)
            {
                throw new EndpointFormatException(ErrorCatalogue.AddressNotLocal, input, $"{refusal} {instead}");
            }
        }
    }
}
