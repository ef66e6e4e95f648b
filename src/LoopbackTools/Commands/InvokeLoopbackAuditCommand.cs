using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Audit;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Baselines;
using LoopbackTools.Policy;
using LoopbackTools.Ranges;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Runs the audit rules over every listening socket of the machine and emits one finding per problem.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LoopbackAudit", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(AuditFinding), ParameterSetName = new[] { DefaultSet, BaselineObjectSet, BaselinePathSet })]
    public sealed class InvokeLoopbackAuditCommand : PSCmdlet
    {
        private const string DefaultSet = "Default";
        private const string BaselineObjectSet = "BaselineObject";
        private const string BaselinePathSet = "BaselinePath";

        private readonly CancellationScope _cancel = new CancellationScope();

        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(AuditRuleNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Rule { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(AuditRuleNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeRule { get; set; }

        [Parameter]
        public AuditSeverity MinimumSeverity { get; set; } = AuditSeverity.Info;

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Policy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LiteralPolicy { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BaselineObjectSet)]
        [AllowEmptyCollection]
        public PSObject[]? Baseline { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BaselinePathSet)]
        [ValidateNotNullOrEmpty]
        public string? BaselinePath { get; set; }

        protected override void EndProcessing()
        {
            var rules = AuditRuleSelector.Select(this, Rule, ExcludeRule, out var named);
            RequireInput(named, PolicyViolationRule.RuleName, Policy != null || LiteralPolicy != null, ErrorCatalogue.PolicyRequired, "-Policy");
            RequireInput(named, BaselineDriftRule.RuleName, ParameterSetName != DefaultSet, ErrorCatalogue.BaselineRequired, "-Baseline or -BaselinePath");

            // Every input is read and checked before the socket table: a bad policy or baseline stops the audit whole.
            LoopbackPolicy? policy = ReadPolicy();

            List<BaselineEntry>? baseline = ParameterSetName switch
            {
                BaselineObjectSet => BaselineLoader.FromObjects(this, Baseline ?? new PSObject[0], "-Baseline"),
                BaselinePathSet => BaselineLoader.FromPath(this, BaselinePath!),
                _ => null,
            };

            var progress = new ProgressRecord(1, "Auditing listeners", "Reading the socket table");
            WriteProgress(progress);

            var query = AuditRunner.QueryFor(rules);
            var snapshot = EndpointReader.Read(this, query, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            var names = new List<string>();
            rules.ForEach(r => names.Add(r.Name));
            var context = new AuditContext(snapshot.Endpoints, !query.ListeningOnly, SensitiveServiceCatalogue.Default, names)
            {
                Policy = policy,
                Baseline = baseline,
                Environment = PortEnvironmentReader.Read(this),
                CancellationToken = _cancel.Token,
            };

            progress.StatusDescription = $"Running {rules.Count} rules over {context.Listeners.Count} listeners";
            WriteProgress(progress);
            IReadOnlyList<AuditFinding> findings;
            try
            {
                // A rule that fails is reported and skipped; the others still answer.
                findings = AuditRunner.Run(rules, context, MinimumSeverity, (rule, e) => WriteError(ErrorRecords.Create(ErrorCatalogue.AuditRuleFailed, rule.Name, $"The {rule.Name} rule failed and its findings are left out: {e.Message}", e)));
            }
            catch (System.OperationCanceledException)
            {
                return;
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            WriteVerbose($"{rules.Count} rules over {context.Listeners.Count} listeners ({snapshot.Endpoints.Count} sockets read) gave {findings.Count} findings at {MinimumSeverity} or above.");
            foreach (var finding in findings)
            {
                WriteObject(finding);
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        // An audit reads one policy: -Policy may be a pattern, but it must name exactly one file.
        private LoopbackPolicy? ReadPolicy()
        {
            if (Policy == null && LiteralPolicy == null)
            {
                return null;
            }

            if (Policy != null && LiteralPolicy != null)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.PolicyPathAmbiguous, LiteralPolicy,
                    "Give the policy with -Policy or with -LiteralPolicy, not both; an audit reads one policy."));
            }

            string path = (Policy ?? LiteralPolicy)!;
            var files = PolicyFileReader.Resolve(this, path, LiteralPolicy != null, out var notFound);
            if (notFound != null)
            {
                ThrowTerminatingError(notFound);
            }

            if (files.Count > 1)
            {
                string some = $"'{TerminalText.Escape(files[0])}', '{TerminalText.Escape(files[1])}'{(files.Count > 2 ? ", ..." : string.Empty)}";
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.PolicyPathAmbiguous, path,
                    $"-Policy '{TerminalText.Escape(path)}' matches {files.Count} files ({some}); an audit reads one policy, so name one file "
                    + "(use -LiteralPolicy for a name with [ ] or *)."));
            }

            var policy = PolicyFileReader.TryRead(files[0], out var error);
            if (error != null)
            {
                ThrowTerminatingError(error);
            }

            WriteVerbose($"Policy '{TerminalText.Escape(policy!.Path)}' allows {policy.Listeners.Count} listener entries.");
            return policy;
        }

        // Naming a rule whose input is missing is a mistake worth stopping for; selecting it by default or wildcard is not.
        private void RequireInput(HashSet<string> named, string rule, bool given, ErrorDefinition error, string parameter)
        {
            if (named.Contains(rule) && !given)
            {
                ThrowTerminatingError(ErrorRecords.Create(error, rule,
                    $"The {rule} rule needs {parameter}; without it the rule has nothing to compare with."));
            }
        }
    }
}
