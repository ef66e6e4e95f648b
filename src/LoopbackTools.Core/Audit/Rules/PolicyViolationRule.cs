using System.Collections.Generic;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>A listener that no entry of the allow-list policy (-Policy) permits.</summary>
    internal sealed class PolicyViolationRule : IAuditRule
    {
        public const string RuleName = "PolicyViolation";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description => "Medium (Low on loopback): a listener that matches no entry of the -Policy allow-list.";

        public bool CanRun(AuditContext context) => context.Policy != null;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            var policy = context.Policy!;
            foreach (var endpoint in context.Listeners)
            {
                if (policy.Allows(endpoint))
                {
                    continue;
                }

                // A listener the network can reach matters more than one only this machine can.
                var severity = ListenerText.IsExposed(endpoint) ? AuditSeverity.Medium : AuditSeverity.Low;
                string message = $"{ListenerText.Where(endpoint)} ({endpoint.Exposure}, {ListenerText.Owner(endpoint)}) is not allowed by the "
                    + $"policy: {policy.Explain(endpoint)}.";
                const string remedy = "Stop the listener, bind it the way the policy allows, or add an entry for it to the policy file.";
                yield return AuditFinding.About(endpoint, RuleName, severity, message, remedy);
            }
        }
    }
}
