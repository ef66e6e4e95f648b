using System.Collections.Generic;

namespace LoopbackTools.Audit
{
    /// <summary>One audit check. Rules are stateless: everything they look at comes in the context, so one run is one read of the socket
    /// table.</summary>
    internal interface IAuditRule
    {
        /// <summary>The name users pass to -Rule and -ExcludeRule and see in the Rule column.</summary>
        string Name { get; }

        /// <summary>What the rule looks for, one sentence (shown by tab completion).</summary>
        string Description { get; }

        /// <summary>
        /// True when the rule looks at connections as well as listeners. The audit reads connections (and looks up their
        /// owners, the costliest part of a read) only when a selected rule says so.
        /// </summary>
        bool ReadsConnections { get; }

        /// <summary>False when the rule needs an input this run does not have (a policy, a baseline, another engine's data).</summary>
        bool CanRun(AuditContext context);

        IEnumerable<AuditFinding> Evaluate(AuditContext context);
    }
}
