using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Audit
{
    /// <summary>One row of the sensitive-service catalogue: a service that should normally stay on loopback, and why.</summary>
    internal sealed class SensitiveService
    {
        public SensitiveService(int port, TransportProtocol protocol, string service, IReadOnlyList<ProcessPattern> processes,
            SensitiveServiceMatch match, string reason)
        {
            Port = port;
            Protocol = protocol;
            Service = service;
            Processes = processes;
            Match = match;
            Reason = reason;
        }

        public int Port { get; }

        public TransportProtocol Protocol { get; }

        public string Service { get; }

        public IReadOnlyList<ProcessPattern> Processes { get; }

        public SensitiveServiceMatch Match { get; }

        public string Reason { get; }

        /// <summary>True when the endpoint's port (and owner, where the row asks for it) say it is this service.</summary>
        public bool MatchesPort(Endpoint endpoint)
        {
            if (endpoint.Protocol != Protocol || endpoint.LocalPort != Port)
            {
                return false;
            }

            if (Match != SensitiveServiceMatch.PortAndProcess || Processes.Count == 0)
            {
                return true;
            }

            // An owner we cannot see cannot be vouched for: the port alone counts.
            return !HasVisibleOwner(endpoint) || OwnedByService(endpoint);
        }

        /// <summary>True when one of the service's own processes listens on a port other than the usual one.</summary>
        public bool MatchesProcess(Endpoint endpoint) =>
            Match == SensitiveServiceMatch.PortOrProcess && endpoint.Protocol == Protocol && OwnedByService(endpoint);

        private bool OwnedByService(Endpoint endpoint)
        {
            foreach (var pattern in Processes)
            {
                if (pattern.IsMatch(endpoint.ProcessName, endpoint.ProcessPath))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasVisibleOwner(Endpoint endpoint) => endpoint.ProcessName != null || endpoint.ProcessPath != null;
    }
}
