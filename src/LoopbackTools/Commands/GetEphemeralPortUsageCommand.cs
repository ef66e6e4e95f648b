using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.EphemeralUsage;
using LoopbackTools.Inventory;
using LoopbackTools.Namespaces;
using LoopbackTools.Ranges;

namespace LoopbackTools.Commands
{
    /// <summary>How close the machine is to running out of ephemeral ports: per destination, or per protocol with -Summary.</summary>
    [Cmdlet(VerbsCommon.Get, "EphemeralPortUsage", DefaultParameterSetName = DestinationSet)]
    [OutputType(typeof(EphemeralPortUsage), ParameterSetName = new[] { DestinationSet })]
    [OutputType(typeof(EphemeralPortSummary), ParameterSetName = new[] { SummarySet })]
    public sealed class GetEphemeralPortUsageCommand : RemotableCommandBase
    {
        public const string DestinationSet = "Destination";
        public const string SummarySet = "Summary";

        private readonly CancellationScope _cancel = new CancellationScope();

        [Parameter]
        public TransportProtocol[]? Protocol { get; set; }

        [Parameter(ParameterSetName = SummarySet, Mandatory = true)]
        public SwitchParameter Summary { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(NetworkNamespaceCompleter))]
        [ValidateNotNull]
        public string[]? NetworkNamespace { get; set; }

        protected override void EndProcessing()
        {
            // With -Session the hosts resolve -NetworkNamespace themselves: a /run/netns name is theirs, not ours.
            if (RemoteEnd())
            {
                return;
            }

            var namespaces = NamespaceArgument.Resolve(this, NetworkNamespace, NamespaceSelection.Current);
            if (namespaces == null)
            {
                return;
            }

            var protocols = ProtocolList.OrBoth(Protocol);
            var snapshot = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                Protocols = new HashSet<TransportProtocol>(protocols),
                NetworkNamespaces = namespaces,
            }, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            var environment = PortEnvironmentReader.Read(this);
            try
            {
                var usage = EphemeralUsageCalculator.PerNamespace(snapshot, environment, Summary.IsPresent, _cancel.Token);
                foreach (string warning in usage.Warnings)
                {
                    WriteWarning(warning);
                }

                foreach (var result in usage.Results)
                {
                    if (!(result is EphemeralPortSummary summary) || protocols.Contains(summary.Protocol))
                    {
                        WriteObject(result);
                    }
                }
            }
            catch (System.OperationCanceledException)
            {
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _cancel.Cancel();
        }
    }
}
