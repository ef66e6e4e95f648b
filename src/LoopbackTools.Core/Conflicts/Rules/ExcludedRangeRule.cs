using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// A planned port inside a Windows excluded range: bind() fails with WSAEACCES (10013, "An attempt was made to
    /// access a socket in a way forbidden by its access permissions") although no process uses the port. Hyper-V,
    /// WSL 2, Docker Desktop and WinNAT take such ranges at boot, which is why ports "suddenly" stop working.
    /// </summary>
    internal sealed class ExcludedRangeRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.ExcludedRange;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (!situation.IsPlanned)
            {
                return;
            }

            var range = situation.Environment.FindRange(situation.Protocol, situation.Port, PortRangeKind.Excluded);
            if (range == null)
            {
                return;
            }

            string proto = situation.Protocol == TransportProtocol.Tcp ? "tcp" : "udp";
            string message = range.Administered
                ? $"{situation.PortName} lies in the administered (manually added) excluded range {RangeText.Describe(range)}: Windows refuses to "
                    + "bind it (error 10013, access forbidden) even though no process uses it."
                : $"{situation.PortName} lies in the excluded range {RangeText.Describe(range)}: Windows refuses to bind it (error 10013, access "
                    + "forbidden) even though no process uses it. Ranges like this are taken at boot by Hyper-V, WSL 2, Docker Desktop or WinNAT.";
            string remedy = range.Administered
                ? "Choose a port outside the excluded ranges (Get-ReservedPortRange), or remove the exclusion as administrator: netsh int ipv4 "
                    + $"delete excludedportrange protocol={proto} startport={range.StartPort} numberofports={range.Count}."
                : "Choose a port outside the excluded ranges (Get-ReservedPortRange). To keep this port for yourself: as administrator run 'net stop "
                    + $"winnat', 'netsh int ipv4 add excludedportrange protocol={proto} startport={situation.Port} numberofports=1', then 'net start "
                    + "winnat'.";
            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Error, new Endpoint[0], message, remedy));
        }
    }
}
