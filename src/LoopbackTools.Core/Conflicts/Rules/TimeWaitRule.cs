using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// TIME_WAIT sockets on a planned TCP port: connections that this side closed first. The kernel keeps each for
    /// up to 60 s (2*MSL), and bind() without SO_REUSEADDR fails with "address already in use" until they expire:
    /// the classic "my server cannot restart right after it stopped".
    /// </summary>
    internal sealed class TimeWaitRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.TimeWait;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (!situation.IsPlanned || situation.Protocol != TransportProtocol.Tcp)
            {
                return;
            }

            var waiting = new List<Endpoint>();
            foreach (var socket in situation.Group.TimeWait)
            {
                if (BindOverlap.Of(socket.LocalAddress, situation.PlannedAddress) == Overlap.Certain)
                {
                    waiting.Add(socket);
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            var first = waiting[0];
            string example = $"{EndpointText.Format(first.LocalAddress, first.LocalPort)} -> "
                + $"{EndpointText.Format(first.RemoteAddress, first.RemotePort)}";
            string count = waiting.Count == 1 ? "1 socket is" : $"{waiting.Count} sockets are";
            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, waiting,
                $"{count} in TIME_WAIT on {situation.PortName} (connections closed first by this side, e.g. {example}): the kernel keeps them for up "
                    + "to 60 s, and a server that binds without SO_REUSEADDR fails with 'address already in use' until they expire.",
                "Set SO_REUSEADDR on the listening socket before bind (most server frameworks do), or wait up to 60 s before restarting."));
        }
    }
}
