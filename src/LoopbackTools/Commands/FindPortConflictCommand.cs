using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using LoopbackTools.Conflicts;
using LoopbackTools.Namespaces;
using LoopbackTools.Inventory;
using LoopbackTools.PortLookup;
using LoopbackTools.Probing;
using LoopbackTools.Ranges;
using LoopbackTools.Errors;
using LoopbackTools.Classification;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Explains what stands in the way of ports: over the whole table (shared ports, wildcard shadows, dual-stack
    /// splits, localhost mismatches, fixed listeners in the ephemeral range) or for ports the caller wants to listen on.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "PortConflict", DefaultParameterSetName = ScanSet)]
    [OutputType(typeof(PortConflict), ParameterSetName = new[] { ScanSet, PlannedSet })]
    public sealed class FindPortConflictCommand : RemotableCommandBase
    {
        public const string ScanSet = "Scan";
        public const string PlannedSet = "Planned";

        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly PipelineSelection _selection = new PipelineSelection();
        private IPAddress? _address;

        [Parameter(ParameterSetName = PlannedSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(1, 65535)]
        public int[]? Port { get; set; } = Unbound<int>.Value;

        [Parameter]
        public TransportProtocol[]? Protocol { get; set; }

        [Parameter(ParameterSetName = PlannedSet)]
        public string? Address { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(NetworkNamespaceCompleter))]
        [ValidateNotNull]
        public string[]? NetworkNamespace { get; set; }

        protected override void BeginProcessing()
        {
            PipelineFilters.RejectEmpty(this);
            // With -Session, -Address is one of the host's addresses: the host checks it.
            if (RemoteBegin() || Address == null)
            {
                return;
            }

            try
            {
                _address = EndpointParser.ParseAddress(Address);
                LocalAddressRule.Require(_address, Address, LocalHostGuard.ForThisMachine(),
                    "A server cannot listen there (the bind fails), so there is no conflict to find: give one of this machine's addresses, "
                    + "or leave -Address out.");
            }
            catch (EndpointFormatException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
            }
        }

        // Piped ports are gathered and answered by one table read. A scan runs only when nothing is piped at all:
        // an empty pipeline, or objects that all failed binding, select nothing rather than the whole table.
        protected override void ProcessRecord()
        {
            if (RemoteRecord())
            {
                return;
            }

            PipelineFilters.Gather(this, _selection, nameof(Port), Port, null, null);
        }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            if (_selection.SelectsNothing)
            {
                WriteVerbose("No piped object bound to -Port, so there is nothing to analyse (an empty pipeline never means a scan of every port).");
                return;
            }

            var namespaces = NamespaceArgument.Resolve(this, NetworkNamespace, NamespaceSelection.Current);
            if (namespaces == null)
            {
                return;
            }

            bool planned = ParameterSetName == PlannedSet;

            // A planned port defaults to TCP (what servers mostly bind); a scan looks at both.
            var protocols = planned ? ProtocolList.Or(Protocol, TransportProtocol.Tcp) : ProtocolList.OrBoth(Protocol);
            var environment = PortEnvironmentReader.Read(this);
            WriteVerbose(LocalhostText(environment));
            var bind = planned ? new PlannedBind(_selection.LocalPorts!, protocols, _address) : null;
            var conflicts = EndpointReader.Analyze(
                this,
                (table, token) => bind != null
                    ? ConflictQuery.Planned(table, bind, environment, token, namespaces)
                    : ConflictQuery.Scan(table, protocols, environment, token, namespaces),
                _cancel.Token);
            if (conflicts == null)
            {
                return;
            }

            foreach (var conflict in conflicts.Results)
            {
                WriteObject(conflict);
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _cancel.Cancel();
        }

        private static string LocalhostText(PortEnvironment environment)
        {
            var text = new List<string>();
            foreach (var a in environment.LocalhostAddresses)
            {
                text.Add(AddressText.Format(a));
            }

            return text.Count == 0 ? "'localhost' does not resolve here." : $"'localhost' resolves to {string.Join(", ", text)} ({text[0]} first).";
        }
    }
}
