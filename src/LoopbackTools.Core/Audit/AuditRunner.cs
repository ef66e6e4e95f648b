using System.Collections.Generic;

namespace LoopbackTools.Audit
{
    /// <summary>Runs the chosen rules over one context and lists their findings in the stable audit order.</summary>
    public static class AuditRunner
    {
        public static IReadOnlyList<AuditFinding> Run(IEnumerable<IAuditRule> rules, AuditContext context, AuditSeverity minimumSeverity = AuditSeverity.Info)
        {
            var findings = new List<AuditFinding>();
            foreach (var rule in rules)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!rule.CanRun(context))
                {
                    continue;
                }

                foreach (var finding in rule.Evaluate(context))
                {
                    if (finding.Severity >= minimumSeverity)
                    {
                        findings.Add(finding);
                    }
                }
            }

            // List.Sort is not stable; the order is total apart from identical findings, which are interchangeable.
            findings.Sort(AuditFindingOrder.Instance);
            return findings;
        }
    }
}
