using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Conflicts
{
    /// <summary>Fills a <see cref="PortConflict"/>'s flat fields (addresses, PIDs, names) from the endpoints involved.</summary>
    internal static class ConflictFactory
    {
        public static PortConflict Create(PortSituation situation, ConflictKind kind, ConflictSeverity severity, IReadOnlyList<Endpoint> endpoints, string message, string remedy)
        {
            var addresses = new List<string>();
            var pids = new List<string>();
            var names = new List<string>();
            var seenPids = new HashSet<int>();
            foreach (var endpoint in endpoints)
            {
                if (!addresses.Contains(endpoint.LocalAddress))
                {
                    addresses.Add(endpoint.LocalAddress);
                }

                if (endpoint.ProcessId.HasValue && seenPids.Add(endpoint.ProcessId.Value))
                {
                    pids.Add(endpoint.ProcessId.Value.ToString(CultureInfo.InvariantCulture));
                    names.Add(endpoint.ProcessName ?? string.Empty);
                }
            }

            if (addresses.Count == 0 && situation.PlannedAddress != null)
            {
                addresses.Add(situation.PlannedAddress.ToString());
            }

            return new PortConflict
            {
                Port = situation.Port,
                Protocol = situation.Protocol,
                Kind = kind,
                Severity = severity,
                Address = string.Join(", ", addresses),
                Message = message,
                Remedy = remedy,
                ProcessId = string.Join(", ", pids),
                ProcessName = string.Join(", ", names),
                Endpoints = new EndpointList(new List<Endpoint>(endpoints)),
            };
        }
    }
}
