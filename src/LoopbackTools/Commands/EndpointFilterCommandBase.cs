using System.Collections.Generic;
using System.Management.Automation;
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
        private readonly HashSet<int> _ports = new HashSet<int>();
        private readonly HashSet<int> _processIds = new HashSet<int>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(0, 65535)]
        public int[]? Port { get; set; }

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
        public int[]? ProcessId { get; set; }

        [Parameter]
        [SupportsWildcards]
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

        // Pipeline input (Import-Csv ports.csv | Get-LoopbackEndpoint) is gathered and answered by one table read.
        protected override void ProcessRecord()
        {
            if (Port != null)
            {
                _ports.UnionWith(Port);
            }

            if (ProcessId != null)
            {
                _processIds.UnionWith(ProcessId);
            }
        }

        /// <summary>
        /// -NetworkNamespace checked against the host (errors written for values that name nothing); null when nothing is
        /// left to read.
        /// </summary>
        private protected NamespaceSelection? ResolveNamespaces() =>
            NamespaceArgument.Resolve(this, NetworkNamespace, NamespaceSelection.Current);

        /// <summary>The filters as one inventory query, with every piped port and process id gathered so far.</summary>
        private protected EndpointQuery BuildQuery() => new EndpointQuery
        {
            All = All.IsPresent,
            ListeningOnly = Listening.IsPresent,
            ResolveOwners = !NoOwner.IsPresent,
            Protocols = FilterValues.ToSet(Protocol),
            Families = FilterValues.ToSet(AddressFamily),
            States = FilterValues.ToSet(State),
            LocalPorts = _ports.Count > 0 ? _ports : null,
            RemotePorts = FilterValues.ToSet(RemotePort),
            ProcessIds = _processIds.Count > 0 ? _processIds : null,
            ProcessNameFilter = FilterValues.WildcardFilter(ProcessName),
        };
    }
}
