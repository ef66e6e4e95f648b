using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Classification;

namespace LoopbackTools.Policy
{
    /// <summary>One entry of a policy's Listeners list: a port (or range) and, optionally, protocols, exposures and processes.</summary>
    internal sealed class AllowedListener
    {
        public AllowedListener(int index, int line, int firstPort, int lastPort)
        {
            Index = index;
            Line = line;
            FirstPort = firstPort;
            LastPort = lastPort;
        }

        /// <summary>0-based position in the Listeners list (as $policy.Listeners[i]).</summary>
        public int Index { get; }

        public int Line { get; }

        public int FirstPort { get; }

        public int LastPort { get; }

        /// <summary>Null: both protocols.</summary>
        public ISet<TransportProtocol>? Protocols { get; set; }

        /// <summary>Null: any exposure.</summary>
        public ISet<Exposure>? Exposures { get; set; }

        /// <summary>Empty: any owner, even an unseen one.</summary>
        public IReadOnlyList<ProcessPattern> Processes { get; set; } = new ProcessPattern[0];

        /// <summary>
        /// Container names (wildcards, case-insensitive); empty: anywhere, on the host or in any container. A listener
        /// outside containers, or in one whose name cannot be read, matches no pattern.
        /// </summary>
        public IReadOnlyList<string> Containers { get; set; } = new string[0];

        public string? Description { get; set; }

        public string PortText => FirstPort == LastPort
            ? FirstPort.ToString(CultureInfo.InvariantCulture)
            : FirstPort.ToString(CultureInfo.InvariantCulture) + "-" + LastPort.ToString(CultureInfo.InvariantCulture);

        public bool CoversPort(Endpoint endpoint) =>
            endpoint.LocalPort >= FirstPort && endpoint.LocalPort <= LastPort && (Protocols == null || Protocols.Contains(endpoint.Protocol));

        public bool AllowsExposure(Endpoint endpoint) => Exposures == null || Exposures.Contains(endpoint.Exposure);

        public bool AllowsProcess(Endpoint endpoint)
        {
            if (Processes.Count == 0)
            {
                return true;
            }

            foreach (var pattern in Processes)
            {
                if (pattern.IsMatch(endpoint.ProcessName, endpoint.ProcessPath))
                {
                    return true;
                }
            }

            return false;
        }

        public bool AllowsContainer(Endpoint endpoint)
        {
            if (Containers.Count == 0)
            {
                return true;
            }

            foreach (string pattern in Containers)
            {
                if (endpoint.ContainerName != null && ProcessPattern.Glob(pattern, endpoint.ContainerName))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Allows(Endpoint endpoint) =>
            CoversPort(endpoint) && AllowsExposure(endpoint) && AllowsProcess(endpoint) && AllowsContainer(endpoint);
    }
}
