using System.Collections.Generic;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>A service that should stay on loopback (database, cache, broker, debugger, admin API...) listening where the network reaches
    /// it.</summary>
    internal sealed class SensitiveServiceExposedRule : IAuditRule
    {
        public const string RuleName = "SensitiveServiceExposed";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description =>
            "High: a database, cache, broker, search engine, container API, debugger or admin console reachable from the network "
            + "(Medium when only its port matches and no owner can be seen).";

        public bool CanRun(AuditContext context) => true;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            foreach (var endpoint in context.Listeners)
            {
                if (!ListenerText.IsExposed(endpoint))
                {
                    continue;
                }

                var service = context.Catalogue.Find(endpoint, out bool byProcessName);
                if (service == null)
                {
                    continue;
                }

                // The port alone, with nobody visible behind it (another user's process, without root), is a guess: a
                // python http.server on 8001 is not kubectl proxy. It is reported, but never as High.
                bool unconfirmed = !byProcessName && !ListenerText.HasVisibleOwner(endpoint);
                string how = byProcessName
                    ? $"recognised by its process, not its usual port {service.Port}"
                    : unconfirmed
                        ? "by its usual port only; unconfirmed, since no visible process owns the socket"
                        : "its usual port";
                string message = $"{service.Service} listens on {ListenerText.Where(endpoint)} ({how}), {ListenerText.Reach(endpoint.Exposure)}, "
                    + $"{ListenerText.Owner(endpoint)}. {service.Reason}"
                    + (unconfirmed ? " Run the audit as root to see the owner and confirm or clear this finding." : string.Empty);
                string remedy = $"Bind {service.Service} to 127.0.0.1 or ::1, or let the firewall admit only the hosts that need it; "
                    + "if it must be reachable, turn on its authentication and TLS.";
                yield return AuditFinding.About(endpoint, RuleName, unconfirmed ? AuditSeverity.Medium : AuditSeverity.High, message, remedy);
            }
        }
    }
}
