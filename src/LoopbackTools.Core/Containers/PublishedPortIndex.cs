using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Which host addresses publish which container ports: from the host sockets engines hold for them (docker-proxy,
    /// conmon: their PublishedTo) and from the engines' state (Docker's NetworkSettings.Ports, Podman's port mappings),
    /// which also covers ports forwarded by NAT rules alone, with no host socket.
    /// </summary>
    internal sealed class PublishedPortIndex
    {
        private readonly Dictionary<string, List<string>> _hosts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _known = new HashSet<string>(StringComparer.Ordinal);

        public static PublishedPortIndex Build(IReadOnlyList<Endpoint> endpoints, ContainerSources? sources)
        {
            var index = new PublishedPortIndex();
            var containers = new Dictionary<string, ContainerRuntime?>(StringComparer.Ordinal);
            foreach (var endpoint in endpoints)
            {
                if (endpoint.ContainerId == null)
                {
                    continue;
                }

                containers[endpoint.ContainerId] = endpoint.ContainerRuntime;
                if (endpoint.PublishedTo != null && PortOf(endpoint.PublishedTo) is int port)
                {
                    index.Add(endpoint.ContainerId, endpoint.Protocol, port, EndpointText.Format(endpoint.LocalAddress, endpoint.LocalPort));
                }
            }

            if (sources != null)
            {
                foreach (var pair in containers)
                {
                    index.AddFromState(pair.Key, pair.Value, sources);
                }
            }

            return index;
        }

        /// <summary>
        /// For a listener inside a container's own namespace: the host addresses publishing its port, comma-joined; empty
        /// when the engine's state says none does; null when it cannot be told (outside containers, or no state).
        /// </summary>
        public string? HostsFor(Endpoint endpoint)
        {
            if (endpoint.ContainerId == null || endpoint.PublishedTo != null || !InOwnNamespace(endpoint))
            {
                return null;
            }

            if (_hosts.TryGetValue(Key(endpoint.ContainerId, endpoint.Protocol, endpoint.LocalPort), out var hosts))
            {
                return string.Join(", ", hosts);
            }

            return _known.Contains(endpoint.ContainerId) ? string.Empty : null;
        }

        /// <summary>A container with the host's network (--network host) has no ports to publish: they are the host's.</summary>
        private static bool InOwnNamespace(Endpoint endpoint) =>
            endpoint.NetworkNamespace.HasValue && endpoint.NetworkNamespace != NamespaceScope.HostNamespace;

        private void AddFromState(string id, ContainerRuntime? runtime, ContainerSources sources)
        {
            IEnumerable<PublishedPort>? ports = null;
            if (runtime == ContainerRuntime.Docker && sources.Docker.ById(id) is EngineContainer docker)
            {
                ports = docker.Ports;
            }
            else if (runtime == ContainerRuntime.Podman && sources.Podman.KnowsPortsOf(id))
            {
                ports = sources.Podman.PortsOf(id);
            }

            if (ports == null)
            {
                return;
            }

            _known.Add(id);
            foreach (var port in ports)
            {
                Add(id, port.Protocol, port.ContainerPort, port.HostText);
            }
        }

        private void Add(string id, TransportProtocol protocol, int containerPort, string host)
        {
            string key = Key(id, protocol, containerPort);
            if (!_hosts.TryGetValue(key, out var hosts))
            {
                hosts = new List<string>();
                _hosts[key] = hosts;
            }

            if (!hosts.Contains(host))
            {
                hosts.Add(host);
            }
        }

        private static string Key(string id, TransportProtocol protocol, int port) =>
            id + "|" + protocol + "|" + port.ToString(CultureInfo.InvariantCulture);

        private static int? PortOf(string addressAndPort)
        {
            int colon = addressAndPort.LastIndexOf(':');
            return colon >= 0 && int.TryParse(addressAndPort.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                ? port
                : (int?)null;
        }
    }
}
