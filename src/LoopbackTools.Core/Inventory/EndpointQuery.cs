using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Inventory
{
    /// <summary>Which endpoints a caller wants. Null sets mean "no filter".</summary>
    internal sealed class EndpointQuery
    {
        /// <summary>False (default): only endpoints reachable through loopback. True: the whole table.</summary>
        public bool All { get; set; }

        /// <summary>TCP Listen plus unconnected UDP.</summary>
        public bool ListeningOnly { get; set; }

        public bool ResolveOwners { get; set; } = true;

        public ISet<TransportProtocol>? Protocols { get; set; }

        public ISet<IPFamily>? Families { get; set; }

        public ISet<SocketState>? States { get; set; }

        public ISet<int>? LocalPorts { get; set; }

        public ISet<int>? RemotePorts { get; set; }

        public ISet<int>? ProcessIds { get; set; }

        /// <summary>
        /// Process name or path patterns, matched as policies match them (<see cref="ProcessPattern"/>): the name, the
        /// executable's file name, or with a '/' the executable path. An endpoint without a visible owner never matches.
        /// </summary>
        public IReadOnlyList<ProcessPattern>? ProcessNames { get; set; }

        internal bool FiltersOnOwner => ProcessIds != null || ProcessNames != null;
    }
}
