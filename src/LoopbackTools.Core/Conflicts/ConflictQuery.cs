using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Namespaces;
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
            EndpointInventory inventory, PlannedBind planned, PortEnvironment environment, CancellationToken cancellationToken,
            NamespaceSelection? namespaces = null)
        {
            var snapshot = inventory.Query(
                new EndpointQuery
                {
                    All = true,
                    Protocols = new HashSet<TransportProtocol>(planned.Protocols),
                    LocalPorts = new HashSet<int>(planned.Ports),
                    NetworkNamespaces = namespaces,
                },
                cancellationToken);

            // A planned port is judged in every namespace asked about, also where nothing holds it yet.
            var warnings = new List<string>(snapshot.Warnings);
            var conflicts = new List<PortConflict>();
            foreach (var group in NamespaceGroup.Split(snapshot.Endpoints, snapshot.Namespaces, environment, true, out int leftOut))
            {
                conflicts.AddRange(Stamp(ConflictAnalyzer.Analyze(group.Endpoints, group.Environment, planned, cancellationToken), group));
                AddLeftOut(warnings, leftOut);
            }

            return new TableAnalysis<PortConflict>(conflicts, warnings, snapshot.Source);
        }

        /// <summary>
        /// The odd situations among the machine's listeners. Every scan rule is about listeners, so only listeners are
        /// read. Owners cost the most (a walk over every process's fds), so a first read goes without them and owners
        /// are looked up only for the ports where they can change the answer (shared, shadowed or flagged ports): on
        /// Linux that lets the walk stop early. Two reads of the listeners cost less than one read with every owner.
        /// </summary>
        public static TableAnalysis<PortConflict> Scan(
            EndpointInventory inventory, ICollection<TransportProtocol> protocols, PortEnvironment environment, CancellationToken cancellationToken,
            NamespaceSelection? namespaces = null)
        {
            var listeners = inventory.Query(
                new EndpointQuery
                {
                    All = true,
                    ListeningOnly = true,
                    ResolveOwners = false,
                    Protocols = new HashSet<TransportProtocol>(protocols),
                    NetworkNamespaces = namespaces,
                },
                cancellationToken);

            // Ports are per namespace: each namespace's listeners are judged on their own, with its own port settings.
            var ports = new HashSet<int>();
            foreach (var group in NamespaceGroup.Split(listeners.Endpoints, listeners.Namespaces, environment, false, out _))
            {
                ports.UnionWith(ConflictAnalyzer.PortsWorthAnOwnerLookup(group.Endpoints, group.Environment));
            }

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
                    NetworkNamespaces = namespaces,
                },
                cancellationToken);
            var warnings = new List<string>(listeners.Warnings);
            warnings.AddRange(owned.Warnings);
            var conflicts = new List<PortConflict>();
            foreach (var group in NamespaceGroup.Split(owned.Endpoints, owned.Namespaces, environment, false, out int leftOut))
            {
                conflicts.AddRange(Stamp(ConflictAnalyzer.Analyze(group.Endpoints, group.Environment, cancellationToken), group));
                AddLeftOut(warnings, leftOut);
            }

            return new TableAnalysis<PortConflict>(conflicts, warnings, owned.Source);
        }

        private static IEnumerable<PortConflict> Stamp(IEnumerable<PortConflict> conflicts, NamespaceGroup group)
        {
            foreach (var conflict in conflicts)
            {
                conflict.NetworkNamespace = group.Inode;
                yield return conflict;
            }
        }

        private static void AddLeftOut(List<string> warnings, int leftOut)
        {
            if (NamespaceGroup.LeftOutWarning(leftOut) is string warning && !warnings.Contains(warning))
            {
                warnings.Add(warning);
            }
        }
    }
}
