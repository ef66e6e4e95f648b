using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Probing
{
    /// <summary>A computer name turned into the local addresses a client would try, in the order it would try them.</summary>
    internal sealed class ResolvedHost
    {
        public ResolvedHost(
            string computerName,
            IReadOnlyList<IPAddress> addresses,
            IReadOnlyList<string> warnings,
            IReadOnlyList<IPAddress>? resolverAnswer = null)
        {
            ComputerName = computerName;
            Addresses = addresses;
            Warnings = warnings;
            ResolverAnswer = resolverAnswer ?? addresses;
        }

        public string ComputerName { get; }

        public IReadOnlyList<IPAddress> Addresses { get; }

        /// <summary>
        /// What the system resolver (or the hosts file) answered, in its order: what most clients dial. For localhost
        /// <see cref="Addresses"/> holds both loopback addresses whatever this says, since some clients try both.
        /// </summary>
        public IReadOnlyList<IPAddress> ResolverAnswer { get; }

        /// <summary>Addresses the name resolved to that were left out because they are not on this machine.</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
