using System;
using System.Collections.Generic;
using System.IO;
using LoopbackTools.Policy;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Podman's record of its containers under its storage root (/var/lib/containers/storage unless
    /// /etc/containers/storage.conf says another graphroot): names from containers/storage's
    /// &lt;driver&gt;-containers/containers.json ({"id", "names": [...]}), published ports from the container
    /// configurations libpod keeps in libpod/bolt_state.db ("newPortMappings": [{host_ip, host_port, container_port,
    /// range, protocol}]). A container's published ports are fixed when it is created, so any copy of its
    /// configuration the database still holds says the same.
    /// </summary>
    internal sealed class PodmanState
    {
        public const string DefaultRoot = "/var/lib/containers/storage";
        public const string StorageConfig = "/etc/containers/storage.conf";
        private const int MaxDatabaseBytes = 64 * 1024 * 1024;

        private readonly string _root;
        private Dictionary<string, string>? _names;
        private Dictionary<string, List<PublishedPort>>? _ports;

        public PodmanState(string root)
        {
            _root = root;
        }

        /// <summary>The host's rootful Podman (and CRI-O, which shares containers/storage).</summary>
        public static PodmanState ForHost() => new PodmanState(GraphRoot(OptionalFile.TryReadAllText(StorageConfig)) ?? DefaultRoot);

        /// <summary>graphroot = "/path" from storage.conf's [storage] table; null when absent.</summary>
        internal static string? GraphRoot(string? config)
        {
            if (config == null)
            {
                return null;
            }

            foreach (string raw in config.Split('\n'))
            {
                string line = raw.Trim();
                if (!line.StartsWith("graphroot", StringComparison.Ordinal))
                {
                    continue;
                }

                int equals = line.IndexOf('=');
                if (equals < 0 || line.Substring(0, equals).Trim() != "graphroot")
                {
                    continue;
                }

                string value = line.Substring(equals + 1).Trim().Trim('"', '\'');
                return value.StartsWith("/", StringComparison.Ordinal) ? value : null;
            }

            return null;
        }

        /// <summary>The name containers/storage records for the container; null when unknown.</summary>
        public string? NameOf(string id)
        {
            _names ??= ReadNames();
            return _names.TryGetValue(id, out string? name) ? name : null;
        }

        /// <summary>The container's published ports from libpod's database; empty when none or unknown.</summary>
        public IReadOnlyList<PublishedPort> PortsOf(string id)
        {
            _ports ??= ReadPorts();
            return _ports.TryGetValue(id, out var ports) ? ports : (IReadOnlyList<PublishedPort>)new PublishedPort[0];
        }

        /// <summary>True when libpod's database holds the container's configuration, so its published ports are known.</summary>
        public bool KnowsPortsOf(string id)
        {
            _ports ??= ReadPorts();
            return _ports.ContainsKey(id);
        }

        private Dictionary<string, string> ReadNames()
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            string[] folders;
            try
            {
                // One folder per storage driver: overlay-containers, vfs-containers, btrfs-containers, ...
                folders = Directory.GetDirectories(_root, "*-containers");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return names;
            }

            foreach (string folder in folders)
            {
                AddNames(EngineJson.ReadFile(Path.Combine(folder, "containers.json")), names);
            }

            return names;
        }

        internal static void AddNames(PolicyNode? root, Dictionary<string, string> names)
        {
            if (!(root is PolicyList list))
            {
                return;
            }

            foreach (var item in list.Items)
            {
                string? id = EngineJson.Text(EngineJson.Get(item, "id"));
                if (id == null || !CgroupParser.IsId(id) || !(EngineJson.Get(item, "names") is PolicyList itemNames) || itemNames.Items.Count == 0)
                {
                    continue;
                }

                string? name = EngineJson.Text(itemNames.Items[0]);
                if (!string.IsNullOrEmpty(name))
                {
                    names[id] = name!;
                }
            }
        }

        private Dictionary<string, List<PublishedPort>> ReadPorts()
        {
            var ports = new Dictionary<string, List<PublishedPort>>(StringComparer.Ordinal);
            foreach (string name in new[] { "bolt_state.db", "db.sql" })
            {
                string path = Path.Combine(_root, "libpod", name);
                byte[]? data = ReadBounded(path);
                if (data != null)
                {
                    AddPorts(data, ports);
                }
            }

            return ports;
        }

        /// <summary>Every container configuration found in a libpod database's bytes, by id.</summary>
        internal static void AddPorts(byte[] database, Dictionary<string, List<PublishedPort>> ports)
        {
            foreach (string text in EmbeddedJson.Objects(database, "{\"spec\":{", EngineJson.MaxFileBytes))
            {
                var config = EngineJson.Parse(text, "libpod database");
                string? id = EngineJson.Text(EngineJson.Get(config, "id"));
                if (id == null || !CgroupParser.IsId(id) || ports.ContainsKey(id))
                {
                    continue;
                }

                var list = new List<PublishedPort>();
                if (EngineJson.Get(config, "newPortMappings") is PolicyList mappings)
                {
                    foreach (var mapping in mappings.Items)
                    {
                        AddMapping(mapping, list);
                    }
                }

                ports[id] = list;
            }
        }

        /// <summary>{"host_ip":"127.0.0.1","container_port":8080,"host_port":18080,"range":1,"protocol":"tcp,udp"}.</summary>
        private static void AddMapping(PolicyNode mapping, List<PublishedPort> into)
        {
            long? containerPort = EngineJson.Number(EngineJson.Get(mapping, "container_port"));
            long? hostPort = EngineJson.Number(EngineJson.Get(mapping, "host_port"));
            long range = EngineJson.Number(EngineJson.Get(mapping, "range")) ?? 1;
            string hostIp = EngineJson.Text(EngineJson.Get(mapping, "host_ip")) ?? string.Empty;
            string protocols = EngineJson.Text(EngineJson.Get(mapping, "protocol")) ?? "tcp";
            if (containerPort == null || hostPort == null || range < 1 || range > 65535)
            {
                return;
            }

            foreach (string protocol in protocols.Split(','))
            {
                string name = protocol.Trim();
                var transport = name == "udp" ? TransportProtocol.Udp : name == "tcp" ? TransportProtocol.Tcp : (TransportProtocol?)null;
                for (long i = 0; transport != null && i < range; i++)
                {
                    long c = containerPort.Value + i;
                    long h = hostPort.Value + i;
                    if (c >= 1 && c <= 65535 && h >= 1 && h <= 65535)
                    {
                        into.Add(new PublishedPort(transport.Value, (int)c, hostIp, (int)h));
                    }
                }
            }
        }

        private static byte[]? ReadBounded(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists && info.Length <= MaxDatabaseBytes ? File.ReadAllBytes(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
