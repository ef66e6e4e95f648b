using System.Management.Automation;
using LoopbackTools.Ranges;

namespace LoopbackTools.Commands
{
    /// <summary>Ranges the OS keeps away from automatic assignment (Reserved) or from binding (Privileged, Excluded).</summary>
    [Cmdlet(VerbsCommon.Get, "ReservedPortRange")]
    [OutputType(typeof(PortRange))]
    public sealed class GetReservedPortRangeCommand : RemotableCommandBase
    {
        [Parameter(Position = 0)]
        public TransportProtocol[]? Protocol { get; set; }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            foreach (var protocol in ProtocolList.OrBoth(Protocol))
            {
                foreach (var range in ReservedRangeReader.Read(protocol))
                {
                    WriteObject(range);
                }
            }
        }
    }
}
