using System.Collections.Generic;
using System.Linq;
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

            // A range the OS reports that is no range is left out, and a warning says so.
            var problems = new List<string>();
            foreach (var protocol in ProtocolList.OrBoth(Protocol))
            {
                foreach (var range in ReservedRangeReader.Read(protocol, problems))
                {
                    WriteObject(range);
                }
            }

            problems.Distinct().ToList().ForEach(WriteWarning);
        }
    }
}
