using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts
{
    /// <summary>Fills a <see cref="PortConflict"/>'s flat fields (addresses, PIDs, names) from the endpoints involved.</summary>
    internal static class ConflictFactory
    {
        public static PortConflict Create(PortSituation situation, ConflictKind kind, ConflictSeverity severity, IReadOnlyList<Endpoint> endpoints,
            string message, string remedy)
        {
            var addresses = new List<string>();
            foreach (var endpoint in endpoints)
            {
                if (!addresses.Contains(endpoint.LocalAddress))
                {
                    addresses.Add(endpoint.LocalAddress);
                }
            }

            if (addresses.Count == 0 && situation.PlannedAddress != null)
            {
                addresses.Add(AddressText.Format(situation.PlannedAddress));
            }

            var (pids, names) = Owners.Columns(endpoints);
            return new PortConflict
            {
                Port = situation.Port,
                Protocol = situation.Protocol,
                Kind = kind,
                Severity = severity,
                Address = string.Join(", ", addresses),
                Message = message,
                Remedy = remedy,
                ProcessId = pids,
                ProcessName = names,
                Endpoints = new EndpointList(new List<Endpoint>(endpoints)),
            };
        }
    }
}
