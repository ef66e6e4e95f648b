using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>A planned port below the unprivileged-port start that this process may not bind (no root / CAP_NET_BIND_SERVICE).</summary>
    internal sealed class PrivilegedRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.Privileged;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (!situation.IsPlanned || situation.Environment.CanBindPrivilegedPorts)
            {
                return;
            }

            var range = situation.Environment.FindRange(situation.Protocol, situation.Port, PortRangeKind.Privileged);
            if (range == null)
            {
                return;
            }

            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Error, new Endpoint[0],
                $"{situation.PortName} is below the unprivileged-port start {range.EndPort + 1} "
                    + $"({(range.Source == "default" ? "the OS default" : "read from " + range.Source)}) and this process lacks "
                    + "CAP_NET_BIND_SERVICE: binding it is refused (permission denied).",
                "Run the server with CAP_NET_BIND_SERVICE (setcap cap_net_bind_service=+ep on its binary, or "
                    + "AmbientCapabilities=CAP_NET_BIND_SERVICE in its systemd unit), lower net.ipv4.ip_unprivileged_port_start, or use a port of "
                    + $"{range.EndPort + 1} or more."));
        }
    }
}
