using System.Collections.Generic;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>A listener whose owning process cannot be seen, so nobody can say what it is.</summary>
    internal sealed class UnownedListenerRule : IAuditRule
    {
        public const string RuleName = "UnownedListener";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description => "Low: a listener whose owner cannot be seen (permissions, kernel sockets), so it cannot be vouched for.";

        public bool CanRun(AuditContext context) => true;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            foreach (var endpoint in context.Listeners)
            {
                if (endpoint.ProcessId != null)
                {
                    continue;
                }

                string message = $"{ListenerText.Where(endpoint)} is {ListenerText.Reach(endpoint.Exposure)} and no visible process owns it: "
                    + "either another user's process this session may not inspect, or a socket the kernel holds itself.";
                const string remedy = "Run the audit elevated (root or Administrator) to see every owner; "
                    + "a listener still unowned then belongs to the kernel "
                    + "(for example NFS, WireGuard or a container runtime's namespace) and should be traced to the module or service that opened it.";
                yield return AuditFinding.About(endpoint, RuleName, AuditSeverity.Low, message, remedy);
            }
        }
    }
}
