using System.Collections.Generic;
using LoopbackTools.Conflicts;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Audit.Rules
{
    /// <summary>Every conflict Find-PortConflict reports for the listening table, as an audit finding.</summary>
    internal sealed class PortConflictRule : IAuditRule
    {
        public const string RuleName = "PortConflict";

        public string Name => RuleName;

        public bool ReadsConnections => false;

        public string Description => "Error -> High, Warning -> Medium, Info -> Info: what Find-PortConflict reports "
            + "(shared ports, wildcard shadows, dual-stack splits, localhost mismatches, fixed ports in the ephemeral range).";

        public bool CanRun(AuditContext context) => context.Environment != null;

        public IEnumerable<AuditFinding> Evaluate(AuditContext context)
        {
            foreach (var group in context.Groups(context.Listeners))
            {
                foreach (var finding in Evaluate(group, context))
                {
                    yield return finding;
                }
            }
        }

        private static IEnumerable<AuditFinding> Evaluate(NamespaceGroup group, AuditContext context)
        {
            foreach (var conflict in ConflictAnalyzer.Analyze(group.Endpoints, group.Environment, context.CancellationToken))
            {
                Endpoint? first = conflict.Endpoints.Count > 0 ? conflict.Endpoints[0] : null;
                int? pid = null;
                string? path = null;
                foreach (var endpoint in conflict.Endpoints)
                {
                    if (endpoint.ProcessId.HasValue)
                    {
                        pid = endpoint.ProcessId;
                        path = endpoint.ProcessPath;
                        break;
                    }
                }

                yield return new AuditFinding
                {
                    Rule = RuleName,
                    Severity = SeverityOf(conflict.Severity),
                    Protocol = conflict.Protocol,
                    LocalAddress = conflict.Address,
                    LocalPort = conflict.Port,
                    ProcessId = pid,
                    ProcessName = conflict.ProcessName.Length > 0 ? conflict.ProcessName : null,
                    ProcessPath = path,
                    Message = $"{conflict.Kind}: {conflict.Message}",
                    Remedy = conflict.Remedy,
                    Endpoint = first,
                    NetworkNamespace = group.Inode,
                    ContainerName = first?.ContainerName,
                    ContainerId = first?.ContainerId,
                    Unit = first?.Unit,
                };
            }
        }

        public static AuditSeverity SeverityOf(ConflictSeverity severity) => severity switch
        {
            ConflictSeverity.Error => AuditSeverity.High,
            ConflictSeverity.Warning => AuditSeverity.Medium,
            _ => AuditSeverity.Info,
        };
    }
}
