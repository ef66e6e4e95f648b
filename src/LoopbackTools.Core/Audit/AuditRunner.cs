using System;
using System.Collections.Generic;
using LoopbackTools.Inventory;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Audit
{
    /// <summary>Runs the chosen rules over one context and lists their findings in the stable audit order.</summary>
    internal static class AuditRunner
    {
        /// <summary>
        /// The one read of the socket table an audit with these rules needs: every address (exposure is the point),
        /// with owners; listeners only, unless a rule looks at connections.
        /// </summary>
        public static EndpointQuery QueryFor(IEnumerable<IAuditRule> rules) => new EndpointQuery
        {
            All = true,
            ListeningOnly = !ReadsConnections(rules),
            ResolveOwners = true,
        };

        /// <summary>
        /// Every network namespace when this process may enter them (root on Linux): a host's containers listen in their
        /// own namespaces, which an audit of the caller's alone would miss. Otherwise the caller's own.
        /// </summary>
        public static NamespaceSelection DefaultNamespaces() =>
            Platform.IsLinux && NamespaceEntry.CanEnter() ? NamespaceSelection.All : NamespaceSelection.Current;

        public static bool ReadsConnections(IEnumerable<IAuditRule> rules)
        {
            foreach (var rule in rules)
            {
                if (rule.ReadsConnections)
                {
                    return true;
                }
            }

            return false;
        }

        /// <param name="rules">The rules to run, in any order.</param>
        /// <param name="context">What the rules look at.</param>
        /// <param name="minimumSeverity">Findings below this are dropped.</param>
        /// <param name="ruleFailed">
        /// Called when a rule throws: its findings are dropped whole (never half a rule's answer) and the other rules
        /// still run. Null rethrows.
        /// </param>
        public static IReadOnlyList<AuditFinding> Run(IEnumerable<IAuditRule> rules, AuditContext context,
            AuditSeverity minimumSeverity = AuditSeverity.Info,
            Action<IAuditRule, Exception>? ruleFailed = null)
        {
            var findings = new List<AuditFinding>();
            var ofRule = new List<AuditFinding>();
            foreach (var rule in rules)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!rule.CanRun(context))
                {
                    continue;
                }

                ofRule.Clear();
                try
                {
                    foreach (var finding in rule.Evaluate(context))
                    {
                        if (finding.Severity >= minimumSeverity)
                        {
                            ofRule.Add(finding);
                        }
                    }
                }
                catch (Exception e) when (ruleFailed != null && !(e is OperationCanceledException))
                {
                    ruleFailed(rule, e);
                    continue;
                }

                findings.AddRange(ofRule);
            }

            // List.Sort is not stable; the order is total apart from identical findings, which are interchangeable.
            findings.Sort(AuditFindingOrder.Instance);
            ContainerFindings.Annotate(findings, context);
            return findings;
        }
    }
}
