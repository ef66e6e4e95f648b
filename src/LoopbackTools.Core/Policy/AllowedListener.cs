using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
        public IReadOnlyList<string> Containers
        {
            get => _containers;
            set
            {
                _containers = value;
                _containerPatterns = null;
            }
        }

        private IReadOnlyList<string> _containers = new string[0];
        private List<ProcessPattern>? _containerPatterns;

        public string? Description { get; set; }

        public string PortText => FirstPort == LastPort
            ? FirstPort.ToString(CultureInfo.InvariantCulture)
            : FirstPort.ToString(CultureInfo.InvariantCulture) + "-" + LastPort.ToString(CultureInfo.InvariantCulture);

        public bool CoversPort(Endpoint endpoint) =>
            endpoint.LocalPort >= FirstPort && endpoint.LocalPort <= LastPort && (Protocols == null || Protocols.Contains(endpoint.Protocol));

        public bool AllowsExposure(Endpoint endpoint) => Exposures == null || Exposures.Contains(endpoint.Exposure);

        /// <summary>
        /// A path entry matches the executable, or the symlink in argv[0] that names it (<paramref name="startedAs"/>,
        /// resolved only when a path entry does not match the executable itself).
        /// </summary>
        public bool AllowsProcess(Endpoint endpoint, Lazy<string?> startedAs)
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

            foreach (var pattern in Processes)
            {
                if (pattern.MatchesPath && endpoint.ProcessPath != null && startedAs.Value is string alias && pattern.IsMatchText(alias))
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

            // Compiled once per entry: the validator has already refused patterns that do not compile.
            _containerPatterns ??= _containers.Select(p => new ProcessPattern(p)).ToList();
            foreach (var pattern in _containerPatterns)
            {
                if (endpoint.ContainerName != null && pattern.IsMatchText(endpoint.ContainerName))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Allows(Endpoint endpoint, Lazy<string?> startedAs) =>
            CoversPort(endpoint) && AllowsExposure(endpoint) && AllowsProcess(endpoint, startedAs) && AllowsContainer(endpoint);
    }
}
