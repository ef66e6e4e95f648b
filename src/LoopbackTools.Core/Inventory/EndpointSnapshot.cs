using System.Collections.Generic;

namespace LoopbackTools.Inventory
{
    /// <summary>Endpoints from one read of the socket table, plus what the caller should be warned about.</summary>
    internal sealed class EndpointSnapshot
    {
        public EndpointSnapshot(IReadOnlyList<Endpoint> endpoints, IReadOnlyList<string> warnings, string source)
        {
            Endpoints = endpoints;
            Warnings = warnings;
            Source = source;
        }

        public IReadOnlyList<Endpoint> Endpoints { get; }

        /// <summary>At most one warning per cause, already phrased for the user.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Which socket-table source answered (for -Verbose).</summary>
        public string Source { get; }

        /// <summary>
        /// The network namespaces the read covered, in row order, with the port settings of those it entered; one entry
        /// (the caller's) for a plain read, none where the OS has no namespaces.
        /// </summary>
        public IReadOnlyList<Namespaces.NetworkNamespaceInfo> Namespaces { get; set; } = new Namespaces.NetworkNamespaceInfo[0];
    }
}
