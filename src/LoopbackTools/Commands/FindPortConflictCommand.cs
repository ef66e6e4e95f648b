using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using LoopbackTools.Conflicts;
using LoopbackTools.Inventory;
using LoopbackTools.PortLookup;
using LoopbackTools.Ranges;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Explains what stands in the way of ports: over the whole table (shared ports, wildcard shadows, dual-stack
    /// splits, localhost mismatches, fixed listeners in the ephemeral range) or for ports the caller wants to listen on.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "PortConflict", DefaultParameterSetName = ScanSet)]
    [OutputType(typeof(PortConflict), ParameterSetName = new[] { ScanSet, PlannedSet })]
    public sealed class FindPortConflictCommand : PSCmdlet
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
            if (Port != null)
            {
                _ports.UnionWith(Port);
            }
        }

        protected override void EndProcessing()
        {
            bool planned = ParameterSetName == PlannedSet;
            if (planned && _ports.Count == 0)
            {
                return;
            }

            // A planned port defaults to TCP (what servers mostly bind); a scan looks at both.
            var protocols = planned ? ProtocolList.Or(Protocol, TransportProtocol.Tcp) : ProtocolList.OrBoth(Protocol);
            var environment = PortEnvironment.ForCurrentPlatform();
            WriteVerbose(LocalhostText(environment));
            IReadOnlyList<PortConflict>? conflicts;
            try
            {
                conflicts = planned ? AnalyzePlanned(protocols, environment) : Scan(protocols, environment);
            }
            catch (System.OperationCanceledException)
            {
                return;
            }

            if (conflicts == null)
            {
                return;
            }

            foreach (var conflict in conflicts)
            {
                WriteObject(conflict);
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Every state matters for planned ports: TIME_WAIT and connections hold them too.</summary>
        private IReadOnlyList<PortConflict>? AnalyzePlanned(List<TransportProtocol> protocols, PortEnvironment environment)
        {
            var snapshot = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                Protocols = new HashSet<TransportProtocol>(protocols),
                LocalPorts = new HashSet<int>(_ports),
            }, _cancel.Token);
            return snapshot == null ? null : ConflictAnalyzer.Analyze(snapshot.Endpoints, environment, new PlannedBind(_ports, protocols, _address), _cancel.Token);
        }

        /// <summary>
        /// Every scan rule is about listeners, so only listeners are read. Owners cost the most (a walk over every
        /// process's fds), so they are looked up only for the ports where they can change the answer.
        /// </summary>
        private IReadOnlyList<PortConflict>? Scan(List<TransportProtocol> protocols, PortEnvironment environment)
        {
            var listeners = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                ListeningOnly = true,
                ResolveOwners = false,
                Protocols = new HashSet<TransportProtocol>(protocols),
            }, _cancel.Token);
            if (listeners == null)
            {
                return null;
            }

            var ports = ConflictAnalyzer.PortsWorthAnOwnerLookup(listeners.Endpoints, environment);
            if (ports.Count == 0)
            {
                return new PortConflict[0];
            }

            var owned = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                ListeningOnly = true,
                Protocols = new HashSet<TransportProtocol>(protocols),
                LocalPorts = ports,
            }, _cancel.Token);
            return owned == null ? null : ConflictAnalyzer.Analyze(owned.Endpoints, environment, _cancel.Token);
        }

        private static string LocalhostText(PortEnvironment environment)
        {
            var text = new List<string>();
            foreach (var a in environment.LocalhostAddresses)
            {
                text.Add(a.ToString());
            }

            return text.Count == 0 ? "'localhost' does not resolve here." : $"'localhost' resolves to {string.Join(", ", text)} ({text[0]} first).";
        }
    }
}
