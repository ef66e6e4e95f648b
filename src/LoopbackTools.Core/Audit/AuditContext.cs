using System;
using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Baselines;
using LoopbackTools.Policy;

namespace LoopbackTools.Audit
{
    /// <summary>Everything one audit run looks at, read once and shared by every rule.</summary>
    public sealed class AuditContext
    {
        public AuditContext(IReadOnlyList<Endpoint> listeners, SensitiveServiceCatalogue catalogue, ICollection<string> selectedRules)
        {
            Listeners = listeners;
            Catalogue = catalogue;
            SelectedRules = new HashSet<string>(selectedRules, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Every listening socket of the machine (TCP Listen and unconnected UDP), on every address, in table order.</summary>
        public IReadOnlyList<Endpoint> Listeners { get; }

        public SensitiveServiceCatalogue Catalogue { get; }

        /// <summary>The rules this run executes; a rule may leave to another selected rule what that rule reports better.</summary>
        public ISet<string> SelectedRules { get; }

        public LoopbackPolicy? Policy { get; set; }

        public IReadOnlyList<BaselineEntry>? Baseline { get; set; }

        public CancellationToken CancellationToken { get; set; }

        public bool IsSelected(string ruleName) => SelectedRules.Contains(ruleName);
    }
}
