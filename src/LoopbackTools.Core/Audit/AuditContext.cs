using System;
using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Baselines;
using LoopbackTools.Containers;
using LoopbackTools.Namespaces;
using LoopbackTools.Policy;
using LoopbackTools.Ranges;

namespace LoopbackTools.Audit
{
    /// <summary>Everything one audit run looks at, read once and shared by every rule.</summary>
    internal sealed class AuditContext
    {
        private Linux.ListenQueueCounters? _listenCounters;
        private bool _listenCountersRead;

        /// <param name="endpoints">
        /// The socket table, on every address: listeners only, or every state when <paramref name="includesConnections"/>.
        /// </param>
        /// <param name="includesConnections">True when the read kept connections too (rules about connections need them).</param>
        /// <param name="catalogue">The sensitive-service catalogue.</param>
        /// <param name="selectedRules">Names of the rules this run executes.</param>
        public AuditContext(IReadOnlyList<Endpoint> endpoints, bool includesConnections, SensitiveServiceCatalogue catalogue,
            ICollection<string> selectedRules)
        {
            Endpoints = endpoints;
            IncludesConnections = includesConnections;
            Catalogue = catalogue;
            SelectedRules = new HashSet<string>(selectedRules, StringComparer.OrdinalIgnoreCase);
            var listeners = new List<Endpoint>(endpoints.Count);
            foreach (var endpoint in endpoints)
            {
                if (ListenerStates.Contains(endpoint.State))
                {
                    listeners.Add(endpoint);
                }
            }

            Listeners = listeners;
        }

        /// <summary>Listeners only: a read of listening sockets with no connections.</summary>
        public AuditContext(IReadOnlyList<Endpoint> listeners, SensitiveServiceCatalogue catalogue, ICollection<string> selectedRules)
            : this(listeners, false, catalogue, selectedRules)
        {
        }

        /// <summary>Every socket read, in table order.</summary>
        public IReadOnlyList<Endpoint> Endpoints { get; }

        public bool IncludesConnections { get; }

        /// <summary>Every listening socket of the machine (TCP Listen and unconnected UDP), on every address, in table order.</summary>
        public IReadOnlyList<Endpoint> Listeners { get; }

        public SensitiveServiceCatalogue Catalogue { get; }

        /// <summary>The rules this run executes; a rule may leave to another selected rule what that rule reports better.</summary>
        public ISet<string> SelectedRules { get; }

        public LoopbackPolicy? Policy { get; set; }

        public IReadOnlyList<BaselineEntry>? Baseline { get; set; }

        /// <summary>Port ranges and localhost resolution, for the rules built on the conflict and ephemeral-usage analyses.</summary>
        public PortEnvironment? Environment { get; set; }

        /// <summary>The kernel's listen-queue counters, read on first use (only a rule with a finding asks); tests set their own.</summary>
        public Linux.ListenQueueCounters? ListenCounters
        {
            get
            {
                if (!_listenCountersRead)
                {
                    _listenCounters = Linux.ListenQueueCounters.ForCurrentPlatform();
                    _listenCountersRead = true;
                }

                return _listenCounters;
            }

            set
            {
                _listenCounters = value;
                _listenCountersRead = true;
            }
        }

        public CancellationToken CancellationToken { get; set; }

        /// <summary>The network namespaces the endpoints were read from (empty: one table, the caller's).</summary>
        public IReadOnlyList<NetworkNamespaceInfo> Namespaces { get; set; } = new NetworkNamespaceInfo[0];

        /// <summary>Engine state for the ports containers publish on the host; null to go by the host's proxies alone.</summary>
        public ContainerSources? Containers { get; set; }

        /// <summary>
        /// The endpoints of each namespace with its port settings (needs <see cref="Environment"/>): ports conflict and
        /// run out within one namespace only. Rows of namespaces whose id cannot be read are left out.
        /// </summary>
        public IReadOnlyList<NamespaceGroup> Groups(IReadOnlyList<Endpoint> endpoints) =>
            NamespaceGroup.Split(endpoints, Namespaces, Environment!, false, out _);

        public bool IsSelected(string ruleName) => SelectedRules.Contains(ruleName);
    }
}
