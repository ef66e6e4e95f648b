using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using LoopbackTools.Containers;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>
    /// Engine state files as Docker, Podman, containerd and CRI-O write them, in a temporary folder instead of
    /// /var/lib/docker and friends: no engine runs in CI, so these are constructed, in the engines' documented formats
    /// (the integration task checks the same readers against real Docker and Podman). Deleted on Dispose.
    /// </summary>
    internal sealed class FakeEngineState : IDisposable
    {
        private readonly List<string> _podmanContainers = new List<string>();
        private readonly List<string> _podmanConfigs = new List<string>();

        public FakeEngineState()
        {
            Root = Path.Combine(Path.GetTempPath(), "lbt-engines-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string DockerRoot => Path.Combine(Root, "docker");

        public string PodmanRoot => Path.Combine(Root, "containers-storage");

        public string ContainerdTasks => Path.Combine(Root, "containerd-tasks");

        public string CrioRunRoot => Path.Combine(Root, "crio-run");

        public ContainerSources Sources(string? cgroupRoot = null) => new ContainerSources
        {
            CgroupRoot = cgroupRoot,
            Docker = new DockerState(DockerRoot),
            Podman = new PodmanState(PodmanRoot),
            Oci = new OciAnnotationState(ContainerdTasks, CrioRunRoot),
        };

        public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

        /// <summary>A running container in config.v2.json, with one address and its published ports ("8080/tcp" to "127.0.0.1:18080").</summary>
        public void AddDocker(string id, string name, string? address = null, params (string Port, string HostIp, string HostPort)[] ports)
        {
            string folder = Path.Combine(DockerRoot, "containers", id);
            Directory.CreateDirectory(folder);
            var portText = string.Join(",", ports.GroupBy(p => p.Port).Select(g =>
                $"\"{g.Key}\":[{string.Join(",", g.Select(p => $"{{\"HostIp\":\"{p.HostIp}\",\"HostPort\":\"{p.HostPort}\"}}"))}]"));
            string networks = address == null ? "{}" : $"{{\"bridge\":{{\"IPAddress\":\"{address}\",\"GlobalIPv6Address\":\"\"}}}}";
            File.WriteAllText(Path.Combine(folder, "config.v2.json"),
                $"{{\"StreamConfig\":{{}},\"State\":{{\"Running\":true,\"Paused\":false,\"Pid\":4242}},\"ID\":\"{id}\",\"Name\":\"/{name}\"," +
                $"\"Config\":{{\"Hostname\":\"{id.Substring(0, 12)}\",\"Labels\":{{}}}}," +
                $"\"NetworkSettings\":{{\"Networks\":{networks},\"Ports\":{{{portText}}}}}}}");
        }

        /// <summary>A container in containers/storage's containers.json and, with ports, in libpod's database.</summary>
        public void AddPodman(string id, string name, params (int HostPort, int ContainerPort, string HostIp)[] ports)
        {
            _podmanContainers.Add(
                $"{{\"id\":\"{id}\",\"names\":[\"{name}\"],\"image\":\"{NewId()}\",\"layer\":\"{NewId()}\"," +
                $"\"metadata\":\"{{\\\"image-name\\\":\\\"localhost/lbt:1\\\",\\\"name\\\":\\\"{name}\\\"}}\","
                + "\"created\":\"2026-11-27T16:55:04Z\"}");
            string folder = Path.Combine(PodmanRoot, "overlay-containers");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "containers.json"), "[" + string.Join(",", _podmanContainers) + "]");

            string mappings = string.Join(",", ports.Select(p =>
                $"{{\"host_ip\":\"{p.HostIp}\",\"container_port\":{p.ContainerPort},\"host_port\":{p.HostPort},\"range\":1,\"protocol\":\"tcp\"}}"));
            _podmanConfigs.Add(
                $"{{\"spec\":{{\"ociVersion\":\"1.0.2-dev\",\"process\":{{\"args\":[\"/bin/busybox\"]}}}},\"id\":\"{id}\",\"name\":\"{name}\"," +
                $"\"lockID\":0,\"newPortMappings\":[{mappings}],\"networkMode\":\"bridge\"}}");
            WriteLibpodDatabase();
        }

        /// <summary>A containerd task's config.json with the CRI plugin's annotations.</summary>
        public void AddContainerd(string id, string? containerName, string podUid, bool sandbox = false)
        {
            string folder = Path.Combine(ContainerdTasks, "k8s.io", id);
            Directory.CreateDirectory(folder);
            string name = containerName == null ? string.Empty : $"\"io.kubernetes.cri.container-name\":\"{containerName}\",";
            string type = sandbox ? "sandbox" : "container";
            File.WriteAllText(Path.Combine(folder, "config.json"),
                $"{{\"ociVersion\":\"1.1.0\",\"annotations\":{{{name}\"io.kubernetes.cri.container-type\":\"{type}\"," +
                $"\"io.kubernetes.cri.sandbox-uid\":\"{podUid}\",\"io.kubernetes.cri.sandbox-name\":\"web-7d9f\"}}}}");
        }

        /// <summary>A CRI-O container's userdata/config.json with its Kubernetes annotations.</summary>
        public void AddCrio(string id, string containerName, string podUid)
        {
            string folder = Path.Combine(CrioRunRoot, "overlay-containers", id, "userdata");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "config.json"),
                $"{{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{{\"io.kubernetes.container.name\":\"{containerName}\"," +
                $"\"io.kubernetes.pod.uid\":\"{podUid}\",\"io.kubernetes.pod.name\":\"web-7d9f\"}}}}");
        }

        public void Dispose()
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, true);
            }
        }

        /// <summary>
        /// Configurations inside a database file the way BoltDB keeps values: each JSON value whole, among page headers,
        /// keys and free space (here: binary filler, NULs and a truncated copy that must not be taken for a value).
        /// </summary>
        private void WriteLibpodDatabase()
        {
            var bytes = new List<byte>();
            bytes.AddRange(RandomNumberGenerator.GetBytes(4096));
            foreach (string config in _podmanConfigs)
            {
                bytes.AddRange(new byte[] { 0, 0, 0x10, 0x02 });
                bytes.AddRange(Encoding.ASCII.GetBytes("config"));
                bytes.AddRange(Encoding.UTF8.GetBytes(config.Substring(0, config.Length / 2)));
                bytes.AddRange(new byte[64]);
                bytes.AddRange(Encoding.UTF8.GetBytes(config));
                bytes.AddRange(RandomNumberGenerator.GetBytes(512));
            }

            string folder = Path.Combine(PodmanRoot, "libpod");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "bolt_state.db"), bytes.ToArray());
        }
    }
}
