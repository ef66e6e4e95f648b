using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Classification;
using LoopbackTools.Errors;
using LoopbackTools.Inventory;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The endpoint filters Get-LoopbackEndpoint and Watch-LoopbackEndpoint share, declared once so the two cmdlets
    /// cannot drift apart in names, validation or meaning, and the one query they both turn into.
    /// </summary>
    public abstract class EndpointFilterCommandBase : PSCmdlet
    {
        private readonly PipelineSelection _selection = new PipelineSelection();
        private List<ProcessPattern>? _processNames;

        // Port and ProcessId default to Unbound<int>.Value so each ProcessRecord call can tell what the piped object bound.
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(0, 65535)]
        public int[]? Port { get; set; } = Unbound<int>.Value;

        [Parameter]
        [ValidateRange(0, 65535)]
        public int[]? RemotePort { get; set; }

        [Parameter]
        public TransportProtocol[]? Protocol { get; set; }

        [Parameter]
        public SocketState[]? State { get; set; }

        [Parameter]
        public IPFamily[]? AddressFamily { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public int[]? ProcessId { get; set; } = Unbound<int>.Value;

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProcessNameCompleter))]
        public string[]? ProcessName { get; set; }

        [Parameter]
        public SwitchParameter Listening { get; set; }

        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        public SwitchParameter NoOwner { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(NetworkNamespaceCompleter))]
        [ValidateNotNull]
        public string[]? NetworkNamespace { get; set; }

        // Bad values stop the command before anything is read: an empty filter, a malformed name pattern.
        protected override void BeginProcessing()
        {
            PipelineFilters.RejectEmpty(this);
            if (ProcessName == null)
            {
                return;
            }

            _processNames = new List<ProcessPattern>(ProcessName.Length);
            foreach (string pattern in ProcessName)
            {
                if (ProcessPattern.Problem(pattern) is string problem)
                {
                    ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.InvalidProcessNamePattern, pattern, $"-ProcessName: {problem}"));
                }

                _processNames.Add(new ProcessPattern(pattern));
            }
        }

        // Pipeline input (80, 443 | ..., Import-Csv ports.csv | ..., Get-Process nginx | ...) is gathered and
        // answered by one table read; what it selects is decided as record-by-record processing would decide it.
        protected override void ProcessRecord() =>
            PipelineFilters.Gather(this, _selection, nameof(Port), Port, nameof(ProcessId), ProcessId);

        /// <summary>
        /// The query the gathered input asks for, -NetworkNamespace resolved against the host; null when nothing is left
        /// to read: the input selects nothing (piped input that was empty or bound no value, which -Verbose explains) or
        /// no namespace named exists (an error record each).
        /// </summary>
        private protected EndpointQuery? InputQuery()
        {
            if (_selection.SelectsNothing)
            {
                WriteVerbose(_selection.Records == 0
                    ? "No piped object bound to -Port or -ProcessId, so nothing is selected (an empty pipeline never means every endpoint)."
                    : $"None of the {_selection.Records} piped objects gave -Port or -ProcessId a value, so nothing is selected.");
                return null;
            }

            var namespaces = NamespaceArgument.Resolve(this, NetworkNamespace, NamespaceSelection.Current);
            if (namespaces == null)
            {
                return null;
            }

            var query = BuildQuery();
            query.NetworkNamespaces = namespaces;
            return query;
        }

        /// <summary>The endpoints of a read that the gathered input selects (exact where the query is a superset).</summary>
        private protected IEnumerable<Endpoint> Selected(IReadOnlyList<Endpoint> endpoints) =>
            _selection.SelectsEverything ? endpoints : Matching(endpoints);

        private IEnumerable<Endpoint> Matching(IEnumerable<Endpoint> endpoints)
        {
            foreach (var endpoint in endpoints)
            {
                if (_selection.MatchesAnyHolder(endpoint.LocalPort, endpoint.ProcessIds))
                {
                    yield return endpoint;
                }
            }
        }

        /// <summary>The filters as one inventory query, with every piped port and process id gathered so far.</summary>
        private EndpointQuery BuildQuery() => new EndpointQuery
        {
            All = All.IsPresent,
            ListeningOnly = Listening.IsPresent,
            ResolveOwners = !NoOwner.IsPresent,
            Protocols = FilterValues.ToSet(Protocol),
            Families = FilterValues.ToSet(AddressFamily),
            States = FilterValues.ToSet(State),
            LocalPorts = _selection.LocalPorts,
            RemotePorts = FilterValues.ToSet(RemotePort),
            ProcessIds = _selection.ProcessIds,
            ProcessNames = _processNames,
        };
    }
}
