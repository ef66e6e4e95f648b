using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Conflicts.Rules;
using LoopbackTools.Ranges;

namespace LoopbackTools.Conflicts
{
    /// <summary>
    /// Explains what stands in the way of ports. The table is grouped once by (protocol, local port); every rule
    /// then looks at one group at a time, so the cost is linear in the number of endpoints.
    /// </summary>
    internal static class ConflictAnalyzer
    {
        // Rule order does not matter for the output (it is sorted), only for reading: the "port is taken" rules first.
        private static readonly IConflictRule[] Rules =
        {
            new InUseRule(),
            new ExcludedRangeRule(),
            new PrivilegedRule(),
            new TimeWaitRule(),
            new SharedPortRule(),
            new WildcardShadowRule(),
            new DualStackSplitRule(),
            new LocalhostMismatchRule(),
            new EphemeralRangeRule(),
        };

        /// <summary>
        /// Scans the table: shared ports, wildcard shadows, dual-stack splits, localhost mismatches and fixed
        /// listeners in the ephemeral range. Only listening sockets matter here, so a caller may pass just those.
        /// </summary>
        public static IReadOnlyList<PortConflict> Analyze(IReadOnlyList<Endpoint> endpoints, PortEnvironment environment,
            CancellationToken cancellationToken = default)
        {
            var groups = new Dictionary<PortKey, PortGroup>();
            var order = new List<PortGroup>();
            foreach (var endpoint in endpoints)
            {
                if (ListenerStates.Contains(endpoint.State))
                {
                    GroupFor(groups, order, endpoint.Protocol, endpoint.LocalPort).Add(endpoint);
                }
            }

            return Run(order, environment, null, cancellationToken);
        }

        /// <summary>
        /// The ports whose scan findings can depend on who owns the sockets: those with two or more listeners (shared,
        /// shadowed, split) and those with any finding already. Given listeners read without owners, this lets a caller
        /// look owners up for these ports only, which on Linux can stop the walk over every process's fds early.
        /// </summary>
        public static ISet<int> PortsWorthAnOwnerLookup(IReadOnlyList<Endpoint> listenersWithoutOwners, PortEnvironment environment)
        {
            var ports = new HashSet<int>();
            var counts = new Dictionary<PortKey, int>();
            foreach (var endpoint in listenersWithoutOwners)
            {
                if (ListenerStates.Contains(endpoint.State))
                {
                    var key = new PortKey(endpoint.Protocol, endpoint.LocalPort);
                    counts.TryGetValue(key, out int n);
                    counts[key] = n + 1;
                    if (n + 1 == 2)
                    {
                        ports.Add(endpoint.LocalPort);
                    }
                }
            }

            foreach (var conflict in Analyze(listenersWithoutOwners, environment))
            {
                ports.Add(conflict.Port);
            }

            return ports;
        }

        /// <summary>
        /// "If I listen on these ports, what stands in the way?": listeners, TIME_WAIT sockets and connections on
        /// the planned ports, and the ephemeral, excluded and privileged ranges. The endpoints should include
        /// every state for those ports (Get-LoopbackEndpoint -All -Port ...).
        /// </summary>
        public static IReadOnlyList<PortConflict> Analyze(IReadOnlyList<Endpoint> endpoints, PortEnvironment environment, PlannedBind planned,
            CancellationToken cancellationToken = default)
        {
            var groups = new Dictionary<PortKey, PortGroup>();
            var order = new List<PortGroup>();
            foreach (var protocol in planned.Protocols)
            {
                foreach (int port in planned.Ports)
                {
                    GroupFor(groups, order, protocol, port);
                }
            }

            foreach (var endpoint in endpoints)
            {
                if (groups.TryGetValue(new PortKey(endpoint.Protocol, endpoint.LocalPort), out var group))
                {
                    group.Add(endpoint);
                }
            }

            return Run(order, environment, planned, cancellationToken);
        }

        private static IReadOnlyList<PortConflict> Run(List<PortGroup> groups, PortEnvironment environment, PlannedBind? planned,
            CancellationToken cancellationToken)
        {
            var found = new List<PortConflict>();
            for (int i = 0; i < groups.Count; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var situation = new PortSituation(groups[i], environment, planned);
                foreach (var rule in Rules)
                {
                    rule.Check(situation, found);
                }
            }

            found.Sort(ConflictOrder.Instance);
            return found;
        }

        private static PortGroup GroupFor(Dictionary<PortKey, PortGroup> groups, List<PortGroup> order, TransportProtocol protocol, int port)
        {
            var key = new PortKey(protocol, port);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new PortGroup(protocol, port);
                groups[key] = group;
                order.Add(group);
            }

            return group;
        }
    }
}
