using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using LoopbackTools.Conflicts;
using LoopbackTools.PortLookup;
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
        private readonly SortedSet<int> _ports = new SortedSet<int>();
        private IPAddress? _address;

        [Parameter(ParameterSetName = PlannedSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(1, 65535)]
        public int[]? Port { get; set; }

        [Parameter]
        public TransportProtocol[]? Protocol { get; set; }

        [Parameter(ParameterSetName = PlannedSet)]
        public string? Address { get; set; }

        protected override void BeginProcessing()
        {
            RemoteBegin();
            if (Address == null)
            {
                return;
            }

            try
            {
                _address = EndpointParser.ParseAddress(Address);
            }
            catch (EndpointFormatException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e));
            }
        }

        // Piped ports are gathered and answered by one table read.
        protected override void ProcessRecord()
        {
            if (RemoteRecord())
            {
                return;
            }

            if (Port != null)
            {
                _ports.UnionWith(Port);
            }
        }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            bool planned = ParameterSetName == PlannedSet;
            if (planned && _ports.Count == 0)
            {
                return;
            }

            // A planned port defaults to TCP (what servers mostly bind); a scan looks at both.
            var protocols = planned ? ProtocolList.Or(Protocol, TransportProtocol.Tcp) : ProtocolList.OrBoth(Protocol);
            var environment = PortEnvironment.ForCurrentPlatform();
            WriteVerbose(LocalhostText(environment));
            var bind = planned ? new PlannedBind(_ports, protocols, _address) : null;
            var conflicts = EndpointReader.Analyze(
                this,
                (table, token) => bind != null
                    ? ConflictQuery.Planned(table, bind, environment, token)
                    : ConflictQuery.Scan(table, protocols, environment, token),
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
