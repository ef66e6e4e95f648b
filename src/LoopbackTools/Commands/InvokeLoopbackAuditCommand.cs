using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Audit;
using LoopbackTools.Baselines;
using LoopbackTools.Policy;
using LoopbackTools.Ranges;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Runs the audit rules over every listening socket of the machine and emits one finding per problem.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LoopbackAudit", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(AuditFinding), ParameterSetName = new[] { DefaultSet, BaselineObjectSet, BaselinePathSet, BaselineLiteralPathSet })]
    public sealed class InvokeLoopbackAuditCommand : RemotableCommandBase
    {
        private const string DefaultSet = "Default";
        private const string BaselineObjectSet = "BaselineObject";
        private const string BaselinePathSet = "BaselinePath";
        private const string BaselineLiteralPathSet = "BaselineLiteralPath";

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
        [ValidateNotNullOrEmpty]
        public string? Policy { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BaselineObjectSet)]
        [AllowEmptyCollection]
        public PSObject[]? Baseline { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BaselinePathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? BaselinePath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = BaselineLiteralPathSet)]
        [ValidateNotNullOrEmpty]
        public string[]? BaselineLiteralPath { get; set; }

        [Parameter(ParameterSetName = BaselineObjectSet)]
        [Parameter(ParameterSetName = BaselinePathSet)]
        [Parameter(ParameterSetName = BaselineLiteralPathSet)]
        public SwitchParameter AllowEmptyBaseline { get; set; }

        protected override void EndProcessing()
        {
            List<IAuditRule> rules;
            try
            {
                rules = new List<IAuditRule>(AuditRuleSelection.Select(Rule, ExcludeRule, Policy != null, ParameterSetName != DefaultSet));
            }
            catch (LoopbackToolsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
                return;
            }

            // Rules are checked here, before any host is asked; the policy is read here and sent to every host.
            if (RemoteEnd(RemoteOptions.Audit))
            {
                return;
            }

            // Every input is read and checked before the socket table: a bad policy or baseline stops the audit whole.
            LoopbackPolicy? policy = null;
            if (Policy != null)
            {
                policy = PolicyFileReader.TryRead(this, Policy, out var error);
                if (error != null)
                {
                    ThrowTerminatingError(error);
                }

                WriteVerbose($"Policy '{policy!.Path}' allows {policy.Listeners.Count} listener entries.");
            }

            var loader = new BaselineLoader(this, AllowEmptyBaseline.IsPresent);
            List<BaselineEntry>? baseline = ParameterSetName switch
            {
                BaselineObjectSet => loader.AddObjects(Baseline, "-Baseline").Entries,
                BaselinePathSet => loader.AddFiles(BaselinePath!, literal: false).Entries,
                BaselineLiteralPathSet => loader.AddFiles(BaselineLiteralPath!, literal: true).Entries,
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
                Environment = PortEnvironment.ForCurrentPlatform(),
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

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _cancel.Cancel();
        }
    }
}
