using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;

namespace LoopbackTools.Conflicts
{
    /// <summary>
    /// Reads what a conflict analysis needs from the socket table, and runs it. The read is the expensive part, so
    /// its shape follows the question: a planned port needs every state on those ports only; a scan needs listeners
    /// only, and owners only where they can change the answer.
    /// </summary>
    internal static class ConflictQuery
    {
        /// <summary>
        /// "If I listen on these ports, what stands in the way?": every state matters (TIME_WAIT and connections hold a
        /// port too), on the planned ports only.
        /// </summary>
        public static TableAnalysis<PortConflict> Planned(
            EndpointInventory inventory, PlannedBind planned, PortEnvironment environment, CancellationToken cancellationToken)
        {
            var snapshot = inventory.Query(
                new EndpointQuery
                {
                    All = true,
                    Protocols = new HashSet<TransportProtocol>(planned.Protocols),
                    LocalPorts = new HashSet<int>(planned.Ports),
                },
                cancellationToken);
            var conflicts = ConflictAnalyzer.Analyze(snapshot.Endpoints, environment, planned, cancellationToken);
            return new TableAnalysis<PortConflict>(conflicts, snapshot.Warnings, snapshot.Source);
        }

        /// <summary>
        /// The odd situations among the machine's listeners. Every scan rule is about listeners, so only listeners are
        /// read. Owners cost the most (a walk over every process's fds), so a first read goes without them and owners
        /// are looked up only for the ports where they can change the answer (shared, shadowed or flagged ports): on
        /// Linux that lets the walk stop early. Two reads of the listeners cost less than one read with every owner.
        /// </summary>
        public static TableAnalysis<PortConflict> Scan(
            EndpointInventory inventory, ICollection<TransportProtocol> protocols, PortEnvironment environment, CancellationToken cancellationToken)
        {
            var listeners = inventory.Query(
                new EndpointQuery
                {
                    All = true,
                    ListeningOnly = true,
                    ResolveOwners = false,
                    Protocols = new HashSet<TransportProtocol>(protocols),
                },
                cancellationToken);
            var ports = ConflictAnalyzer.PortsWorthAnOwnerLookup(listeners.Endpoints, environment);
            if (ports.Count == 0)
            {
                return new TableAnalysis<PortConflict>(new PortConflict[0], listeners.Warnings, listeners.Source);
            }

            var owned = inventory.Query(
                new EndpointQuery
                {
                    All = true,
                    ListeningOnly = true,
                    Protocols = new HashSet<TransportProtocol>(protocols),
                    LocalPorts = ports,
                },
                cancellationToken);
            var conflicts = ConflictAnalyzer.Analyze(owned.Endpoints, environment, cancellationToken);
            var warnings = new List<string>(listeners.Warnings);
            warnings.AddRange(owned.Warnings);
            return new TableAnalysis<PortConflict>(conflicts, warnings, owned.Source);
        }
    }
}
