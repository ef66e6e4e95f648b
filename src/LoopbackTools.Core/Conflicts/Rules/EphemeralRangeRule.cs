using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// A fixed service port inside the range the OS picks outgoing connections' local ports from: whenever the
    /// service is down (a restart, a deploy), a client connection can be given the port and the service then
    /// fails to bind. Ports reserved from automatic assignment (Linux ip_local_reserved_ports) are safe.
    /// </summary>
    internal sealed class EphemeralRangeRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.EphemeralRange;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            var environment = situation.Environment;
            var range = environment.FindRange(situation.Protocol, situation.Port, PortRangeKind.Ephemeral);
            if (range == null
                || environment.FindRange(situation.Protocol, situation.Port, PortRangeKind.Reserved) != null
                || environment.FindRange(situation.Protocol, situation.Port, PortRangeKind.Excluded) != null)
            {
                return;
            }

            string remedy = $"Choose a port outside {range.StartPort}-{range.EndPort} (Get-FreeLocalPort), or keep the OS from handing this one out: "
                + $"{RangeText.ReserveCommand(environment.Platform, situation.Protocol, situation.Port)}.";
            if (situation.IsPlanned)
            {
                found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, new Endpoint[0],
                    $"{situation.PortName} lies in the ephemeral range {RangeText.Describe(range)}: while your server is not running, an outgoing "
                        + "connection can be given this port, and the server then fails to bind it.",
                    remedy));
                return;
            }

            // An unconnected UDP socket in the range is almost always a client's automatic port: not worth a finding.
            if (situation.Protocol == TransportProtocol.Udp || situation.Group.Listeners.Count == 0)
            {
                return;
            }

            var listeners = situation.Group.Listeners;
            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Info, listeners,
                $"{OwnerText.DescribeAll(listeners, situation.ListenVerb)}, inside the ephemeral range {RangeText.Describe(range)}. Fine for a port "
                    + "picked automatically (bind to port 0); if it is the service's fixed port, an outgoing connection can take it while the "
                    + "service is stopped and the restart then fails.",
                remedy));
        }
    }
}
