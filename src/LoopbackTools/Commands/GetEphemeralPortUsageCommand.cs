using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.EphemeralUsage;
using LoopbackTools.Inventory;
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

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            var protocols = ProtocolList.OrBoth(Protocol);
            var snapshot = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                Protocols = new HashSet<TransportProtocol>(protocols),
            }, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            var environment = PortEnvironmentReader.Read(this);
            try
            {
                if (Summary.IsPresent)
                {
                    foreach (var summary in EphemeralUsageCalculator.Summarize(snapshot.Endpoints, environment, _cancel.Token))
                    {
                        if (protocols.Contains(summary.Protocol))
                        {
                            WriteObject(summary);
                        }
                    }
                }
                else
                {
                    foreach (var row in EphemeralUsageCalculator.Calculate(snapshot.Endpoints, environment, _cancel.Token))
                    {
                        WriteObject(row);
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
