using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Audit;
using LoopbackTools.Baselines;
using LoopbackTools.Containers;
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

        [Parameter]
        [ArgumentCompleter(typeof(NetworkNamespaceCompleter))]
        [ValidateNotNull]
        public string[]? NetworkNamespace { get; set; }

        protected override void EndProcessing()
        {
            List<IAuditRule> rules;
            try
            {
                rules = new List<IAuditRule>(AuditRuleSelection.Select(Rule, ExcludeRule, Policy != null || LiteralPolicy != null,
                    ParameterSetName != DefaultSet));
            }
            catch (LoopbackToolsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
                return;
            }

            // Every input is read and checked before the socket table: a bad policy or baseline stops the audit whole.
            // With -Session, rules and policy are checked here before any host is asked; the policy is sent to every host.
            LoopbackPolicy? policy = ReadPolicy();
            if (RemoteEnd(RemoteOptions.Audit, policy))
            {
                return;
            }

            var loader = new BaselineLoader(this, AllowEmptyBaseline.IsPresent);
            List<BaselineEntry>? baseline = ParameterSetName switch
            {
                BaselineObjectSet => loader.AddObjects(Baseline, "-Baseline").Entries,
                BaselinePathSet => loader.AddFiles(BaselinePath!, literal: false).Entries,
                BaselineLiteralPathSet => loader.AddFiles(BaselineLiteralPath!, literal: true).Entries,
                _ => null,
            };

            // As root, an audit covers every namespace (containers' listeners included); anyone else sees their own.
            var namespaces = NamespaceArgument.Resolve(this, NetworkNamespace, AuditRunner.DefaultNamespaces());
            if (namespaces == null)
            {
                return;
            }

            var progress = new ProgressRecord(1, "Auditing listeners", "Reading the socket table");
            WriteProgress(progress);

            var query = AuditRunner.QueryFor(rules);
            query.NetworkNamespaces = namespaces;
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
                Namespaces = snapshot.Namespaces,
                Containers = Platform.IsLinux ? ContainerSources.ForHost() : null,
            };

            progress.StatusDescription = $"Running {rules.Count} rules over {context.Listeners.Count} listeners";
            WriteProgress(progress);
            IReadOnlyList<AuditFinding> findings;
            try
            {
                // A rule that fails is reported and skipped; the others still answer.
                findings = AuditRunner.Run(rules, context, MinimumSeverity, (rule, e) => WriteError(ErrorRecords.Create(
                    ErrorCatalogue.AuditRuleFailed, rule.Name, $"The {rule.Name} rule failed and its findings are left out: {e.Message}", e)));
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

            WriteVerbose($"{rules.Count} rules over {context.Listeners.Count} listeners ({snapshot.Endpoints.Count} sockets read) "
                + $"gave {findings.Count} findings at {MinimumSeverity} or above.");
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
    }
}
