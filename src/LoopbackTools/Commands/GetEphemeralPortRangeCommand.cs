using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LoopbackTools.Ranges;

namespace LoopbackTools.Commands
{
    /// <summary>The range the OS picks automatic (ephemeral) local ports from, per protocol, with where it was read.</summary>
    [Cmdlet(VerbsCommon.Get, "EphemeralPortRange")]
    [OutputType(typeof(PortRange))]
    public sealed class GetEphemeralPortRangeCommand : RemotableCommandBase
    {
        [Parameter(Position = 0)]
        public TransportProtocol[]? Protocol { get; set; }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            // A range the OS reports that is no range is not used: the default is returned, and a warning says why.
            var problems = new List<string>();
            foreach (var protocol in ProtocolList.OrBoth(Protocol))
            {
                WriteObject(EphemeralRangeReader.Read(protocol, problems));
            }

            problems.Distinct().ToList().ForEach(WriteWarning);
        }
    }
}
