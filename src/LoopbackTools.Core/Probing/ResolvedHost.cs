using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Probing
{
    /// <summary>A computer name turned into the local addresses a client would try, in the order it would try them.</summary>
    internal sealed class ResolvedHost
    {
        public ResolvedHost(string computerName, IReadOnlyList<IPAddress> addresses, IReadOnlyList<string> warnings)
        {
            ComputerName = computerName;
            Addresses = addresses;
            Warnings = warnings;
        }

        public string ComputerName { get; }

        public IReadOnlyList<IPAddress> Addresses { get; }

        /// <summary>Addresses the name resolved to that were left out because they are not on this machine.</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
