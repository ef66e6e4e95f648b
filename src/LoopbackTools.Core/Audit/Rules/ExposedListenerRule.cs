using System.Collections.Generic;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>Any listener reachable from outside the machine that the sensitive-service rule does not already report.</summary>
    internal sealed class ExposedListenerRule : IAuditRule
    {
        public const string RuleName = "ExposedListener";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description => "Medium: any other listener on all interfaces or on a non-loopback address.";

        public bool CanRun(AuditContext context) => true;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            // A sensitive service gets one (High) finding, not two; when that rule is not run, this one still reports it.
            bool sensitiveReported = context.IsSelected(SensitiveServiceExposedRule.RuleName);
            foreach (var endpoint in context.Listeners)
            {
                if (!ListenerText.IsExposed(endpoint) || (sensitiveReported && context.Catalogue.Find(endpoint, out _) != null))
                {
                    continue;
                }

                string service = endpoint.Service != null ? $" ({endpoint.Service})" : string.Empty;
                string message = $"{ListenerText.Where(endpoint)}{service} is {ListenerText.Reach(endpoint.Exposure)}, "
                    + $"{ListenerText.Owner(endpoint)}.";
                const string remedy = "If only this machine uses it, bind it to 127.0.0.1 or ::1; otherwise confirm it is meant to be reachable and "
                    + "limit it with the firewall.";
                yield return AuditFinding.About(endpoint, RuleName, AuditSeverity.Medium, message, remedy);
            }
        }
    }
}
