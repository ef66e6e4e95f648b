using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Baselines;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>Listeners added, removed or rebound since the baseline (-Baseline / -BaselinePath).</summary>
    internal sealed class BaselineDriftRule : IAuditRule
    {
        public const string RuleName = "BaselineDrift";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description => "Medium/Low/Info: a listener added, rebound or removed since the -Baseline.";

        public bool CanRun(AuditContext context) => context.Baseline != null;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            var baseline = context.Baseline!.Where(e => e.IsListener).ToList();
            var current = BaselineScope.Current(
                context.Listeners, BaselineScope.CoversSpecificInterfaces(baseline), BaselineScope.CoversOtherNamespaces(baseline));
            foreach (var (change, entry) in BaselineComparer.CompareEntries(baseline, current))
            {
                var endpoint = change.ChangeType == EndpointChangeType.Removed ? null : entry.Endpoint;
                var finding = endpoint != null
                    ? AuditFinding.About(endpoint, RuleName, SeverityOf(change), MessageOf(change), RemedyOf(change))
                    : new AuditFinding
                    {
                        Rule = RuleName,
                        Severity = SeverityOf(change),
                        Protocol = change.Protocol,
                        LocalAddress = change.LocalAddress,
                        LocalPort = change.LocalPort,
                        ProcessId = change.ProcessId,
                        ProcessName = change.ProcessName,
                        ProcessPath = change.ProcessPath,
                        NetworkNamespace = change.NetworkNamespace,
                        ContainerName = change.ContainerName,
                        Message = MessageOf(change),
                        Remedy = RemedyOf(change),
                    };
                yield return finding;
            }
        }

        /// <summary>New exposure matters most; a listener that went away is only worth knowing.</summary>
        internal static AuditSeverity SeverityOf(EndpointChange change)
        {
            bool exposed = change.Exposure != Exposure.LoopbackOnly;
            switch (change.ChangeType)
            {
                case EndpointChangeType.Added:
                    return exposed ? AuditSeverity.Medium : AuditSeverity.Low;
                case EndpointChangeType.Changed:
                    return Widened(change.OldExposure, change.Exposure) ? AuditSeverity.Medium : AuditSeverity.Low;
                default:
                    return AuditSeverity.Info;
            }
        }

        private static bool Widened(Exposure? before, Exposure now) =>
            before.HasValue && Rank(now) > Rank(before.Value);

        // LoopbackOnly < one interface < every interface.
        private static int Rank(Exposure exposure) => exposure switch
        {
            Exposure.LoopbackOnly => 0,
            Exposure.SpecificInterface => 1,
            _ => 2,
        };

        private static string MessageOf(EndpointChange change)
        {
            string where = $"{change.Protocol} {EndpointText.Format(change.LocalAddress, change.LocalPort)}";
            string owner = ListenerText.OwnerOf(change.ProcessName, change.ProcessPath);
            switch (change.ChangeType)
            {
                case EndpointChangeType.Added:
                    return $"New since the baseline: {where} ({change.Exposure}), {owner}.";
                case EndpointChangeType.Removed:
                    return $"Gone since the baseline: {where} ({change.Exposure}), {owner}.";
                default:
                    var parts = new List<string>();
                    if (change.OldLocalAddress != null)
                    {
                        parts.Add($"moved from {change.OldLocalAddress} to {change.LocalAddress}");
                    }

                    if (change.OldExposure.HasValue)
                    {
                        parts.Add($"exposure {change.OldExposure} -> {change.Exposure}");
                    }

                    if (change.OldState.HasValue)
                    {
                        parts.Add($"state {change.OldState} -> {change.State}");
                    }

                    if (change.OldUserName != null)
                    {
                        parts.Add($"user {ListenerText.User(change.OldUserName)} -> {ListenerText.User(change.UserName)}");
                    }

                    return $"Changed since the baseline: {where}, {owner}: {string.Join("; ", parts)}.";
            }
        }

        private static string RemedyOf(EndpointChange change) => change.ChangeType switch
        {
            EndpointChangeType.Added => "Confirm the new listener is expected; then take a new baseline, or stop it.",
            EndpointChangeType.Removed => "Confirm the service was meant to stop; then take a new baseline.",
            _ => "Confirm the new binding is intended (a configuration change or an update can widen it); "
                + "then take a new baseline, or restore the old binding.",
        };
    }
}
