using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.EphemeralUsage;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>
    /// A destination whose connections hold more than 80% of the automatic local ports: new connections to it are close to failing.
    /// </summary>
    internal sealed class EphemeralPressureRule : IAuditRule
    {
        public const string RuleName = "EphemeralPressure";

        /// <summary>Above this share of the ephemeral range a destination is reported (Medium).</summary>
        public const double ThresholdPercent = 80.0;

        /// <summary>At or above this share the finding is High: the next burst of connections fails.</summary>
        public const double CriticalPercent = 95.0;

        public string Name => RuleName;

        public bool ReadsConnections => true;

        public string Description => "Medium (High from 95%): a destination whose connections hold more than 80% of the ephemeral port range.";

        // Needs the connections, which a listeners-only read leaves out.
        public bool CanRun(AuditContext context) => context.Environment != null && context.IncludesConnections;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            foreach (var group in context.Groups(context.Endpoints))
            {
                foreach (var finding in Evaluate(group, context))
                {
                    yield return finding;
                }
            }
        }

        private static IEnumerable<AuditFinding> Evaluate(NamespaceGroup group, AuditContext context)
        {
            foreach (var usage in EphemeralUsageCalculator.Calculate(group.Endpoints, group.Environment, context.CancellationToken))
            {
                // Rows come closest to exhaustion first.
                if (usage.PercentUsed <= ThresholdPercent)
                {
                    yield break;
                }

                string destination = usage.RemoteAddress.Length == 0
                    ? "any destination (unconnected UDP)"
                    : EndpointText.Format(usage.RemoteAddress, usage.RemotePort);
                string percent = usage.PercentUsed.ToString("0.0", CultureInfo.InvariantCulture);
                string top = usage.TopProcesses.Length > 0 ? $" Most are held by {usage.TopProcesses}." : string.Empty;
                yield return new AuditFinding
                {
                    Rule = RuleName,
                    Severity = usage.PercentUsed >= CriticalPercent ? AuditSeverity.High : AuditSeverity.Medium,
                    Protocol = usage.Protocol,
                    LocalAddress = usage.LocalAddress,
                    LocalPort = 0,
                    NetworkNamespace = group.Inode,
                    Message = $"{usage.Protocol} connections from {usage.LocalAddress} to {destination} hold {percent}% "
                        + $"of the {usage.RangeSize} automatic local ports "
                        + $"({usage.InUse} in use, {usage.TimeWait} in TIME_WAIT); new connections to it fail once none is left.{top}",
                    Remedy = "Reuse connections (keep-alive, pooling) instead of opening one per request; "
                        + "let the server close first so TIME_WAIT stays off this side; "
                        + "widen the ephemeral range (Linux: net.ipv4.ip_local_port_range) "
                        + "or spread the traffic over more destination addresses or ports.",
                };
            }
        }
    }
}
