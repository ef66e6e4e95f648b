using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LoopbackTools.Policy;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Docker's own record of its containers: &lt;data-root&gt;/containers/&lt;id&gt;/config.v2.json (Name "/web",
    /// State.Running, NetworkSettings.Networks.*.IPAddress, NetworkSettings.Ports "80/tcp" to [{HostIp, HostPort}],
    /// Config.Labels). The data root is /var/lib/docker unless /etc/docker/daemon.json moves it ("data-root").
    /// Readable by root only; for anyone else names stay empty.
    /// </summary>
    internal sealed class DockerState
    {
        public const string DefaultRoot = "/var/lib/docker";
        public const string DaemonConfig = "/etc/docker/daemon.json";

        private readonly string _root;
        private readonly Dictionary<string, EngineContainer?> _byId = new Dictionary<string, EngineContainer?>(StringComparer.Ordinal);
        private List<EngineContainer>? _all;

        public DockerState(string root)
        {
            _root = root;
        }

        /// <summary>The host's Docker, where its daemon configuration says its data is.</summary>
        public static DockerState ForHost()
        {
            string? configured = EngineJson.Text(EngineJson.Get(EngineJson.ReadFile(DaemonConfig), "data-root"));
            bool moved = !string.IsNullOrEmpty(configured) && configured!.StartsWith("/", StringComparison.Ordinal);
            return new DockerState(moved ? configured! : DefaultRoot);
        }

        public EngineContainer? ById(string id)
        {
            if (!_byId.TryGetValue(id, out var container))
            {
                container = CgroupParser.IsId(id) ? Read(Path.Combine(_root, "containers", id, "config.v2.json"), id) : null;
                _byId[id] = container;
            }

            return container;
        }

        /// <summary>The running container with this address on one of its networks (docker-proxy's -container-ip).</summary>
        public EngineContainer? ByAddress(string address)
        {
            EngineContainer? found = null;
            foreach (var container in All())
            {
                if (container.Running && container.Addresses.Contains(address))
                {
                    if (found != null)
                    {
                        return null; // two running containers claim it (different networks): not ours to pick
                    }

                    found = container;
                }
            }

            return found;
        }

        private List<EngineContainer> All()
        {
            if (_all != null)
            {
                return _all;
            }

            _all = new List<EngineContainer>();
            string[] folders;
            try
            {
                folders = Directory.GetDirectories(Path.Combine(_root, "containers"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return _all;
            }

            foreach (string folder in folders)
            {
                var container = ById(Path.GetFileName(folder));
                if (container != null)
                {
                    _all.Add(container);
                }
            }

            return _all;
        }

        private static EngineContainer? Read(string path, string id)
        {
            var root = EngineJson.ReadFile(path);
            return root == null ? null : Parse(root, id);
        }

        /// <summary>A parsed config.v2.json; the id must be the folder's (a copied file is not that container).</summary>
        internal static EngineContainer? Parse(PolicyNode root, string id)
        {
            string? fileId = EngineJson.Text(EngineJson.Get(root, "ID"));
            if (fileId != null && !string.Equals(fileId, id, StringComparison.Ordinal))
            {
                return null;
            }

            var container = new EngineContainer(ContainerRuntime.Docker, id)
            {
                Running = EngineJson.Flag(EngineJson.Path(root, "State", "Running")) == true,
                PodUid = EngineJson.Text(EngineJson.Path(root, "Config", "Labels", "io.kubernetes.pod.uid")),
            };
            string? name = EngineJson.Text(EngineJson.Get(root, "Name"));
            if (!string.IsNullOrEmpty(name))
            {
                container.Name = name!.TrimStart('/');
            }

            if (EngineJson.Path(root, "NetworkSettings", "Networks") is PolicyMap networks)
            {
                foreach (var network in networks.Entries)
                {
                    foreach (string key in new[] { "IPAddress", "GlobalIPv6Address" })
                    {
                        string? address = EngineJson.Text(EngineJson.Get(network.Value, key));
                        if (!string.IsNullOrEmpty(address) && System.Net.IPAddress.TryParse(address, out var parsed))
                        {
                            container.Addresses.Add(parsed.ToString());
                        }
                    }
                }
            }

            if (EngineJson.Path(root, "NetworkSettings", "Ports") is PolicyMap ports)
            {
                foreach (var port in ports.Entries)
                {
                    AddPorts(container, port.Key, port.Value);
                }
            }

            return container;
        }

        /// <summary>"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}, ...] (null when the port is exposed, not published).</summary>
        private static void AddPorts(EngineContainer container, string key, PolicyNode bindings)
        {
            int slash = key.IndexOf('/');
            string portText = slash < 0 ? key : key.Substring(0, slash);
            string protocol = slash < 0 ? "tcp" : key.Substring(slash + 1);
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int containerPort)
                || containerPort < 1 || containerPort > 65535
                || (protocol != "tcp" && protocol != "udp") || !(bindings is PolicyList list))
            {
                return;
            }

            foreach (var binding in list.Items)
            {
                string? hostPort = EngineJson.Text(EngineJson.Get(binding, "HostPort"));
                if (int.TryParse(hostPort, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port > 0 && port <= 65535)
                {
                    string hostIp = EngineJson.Text(EngineJson.Get(binding, "HostIp")) ?? string.Empty;
                    container.Ports.Add(new PublishedPort(
                        protocol == "udp" ? TransportProtocol.Udp : TransportProtocol.Tcp, containerPort, hostIp, port));
                }
            }
        }
    }
}
