using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Namespaces;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Fills the container columns of endpoints (ContainerRuntime, ContainerId, ContainerName, PodUid, Unit,
    /// PublishedTo) for one read. In order of trust:
    /// <list type="number">
    /// <item>the owner process's cgroup, and for an engine's host-side process (docker-proxy, conmon, slirp4netns,
    /// rootlessport) the container its command line or its children name;</item>
    /// <item>for a socket without a visible owner, the socket's own cgroup as the kernel reports it;</item>
    /// <item>for a socket without either in another namespace, the namespace's, when every process in it that can be
    /// seen belongs to the same container (or pod, or unit).</item>
    /// </list>
    /// Names come from the engine's state only; where it cannot be read the name stays empty. Every process's answer is
    /// read once per read of the table.
    /// </summary>
    internal sealed class ContainerAttributor
    {
        private readonly ContainerSources _sources;
        private readonly Dictionary<int, Attribution> _byProcess = new Dictionary<int, Attribution>();
        private readonly List<(Endpoint Endpoint, SocketRecord Record)> _unattributed = new List<(Endpoint, SocketRecord)>();
        private Dictionary<ulong, List<int>>? _members;

        public ContainerAttributor(ContainerSources sources)
        {
            _sources = sources;
        }

        public static ContainerAttributor ForHost() => new ContainerAttributor(ContainerSources.ForHost());

        /// <summary>
        /// Attributes one endpoint by its owner. An endpoint without a visible owner is kept for <see cref="Finish"/>; one
        /// whose owner is in no container and no unit is simply not in one (its socket's cgroup is the owner's).
        /// </summary>
        public void Apply(Endpoint endpoint, ISocketList sockets, int index)
        {
            if (endpoint.ProcessId is int pid)
            {
                var attribution = OfProcess(pid, endpoint.ProcessName);
                attribution.CopyTo(endpoint);
                endpoint.PublishedTo = PublishedTo(attribution, endpoint);
                return;
            }

            // Only a row without an owner needs its record (its cgroup id and namespace), for Finish.
            _unattributed.Add((endpoint, sockets.RecordAt(index)));
        }

        /// <summary>
        /// Attributes what the owners could not: by the sockets' cgroup ids, then by namespace.
        /// <paramref name="namespaces"/> are the namespaces read, with their processes (null when only the caller's was).
        /// </summary>
        public void Finish(IReadOnlyList<NetworkNamespaceInfo>? namespaces)
        {
            if (_unattributed.Count == 0)
            {
                return;
            }

            BySocketCgroup();
            ByNamespace(namespaces);
            _unattributed.Clear();
        }

        /// <summary>What the process's cgroup and, for an engine's proxy, its command line say. Cached per process.</summary>
        internal Attribution OfProcess(int pid, string? processName)
        {
            if (_byProcess.TryGetValue(pid, out var cached))
            {
                return cached;
            }

            var facts = CgroupParser.Parse(ReadProc(pid, "cgroup"));
            var attribution = FromFacts(facts);
            var kind = ProxyCommandLine.KindOf(processName);
            if (kind != ProxyKind.None)
            {
                string? cmdline = ReadProc(pid, "cmdline");
                var target = cmdline == null ? null : ProxyCommandLine.Parse(kind, ProxyCommandLine.Arguments(cmdline));
                if (target != null)
                {
                    attribution = FromProxy(pid, target, facts) ?? attribution;
                }
            }

            _byProcess[pid] = attribution;
            return attribution;
        }

        private Attribution FromFacts(CgroupFacts facts)
        {
            if (facts.IsEmpty)
            {
                return Attribution.None;
            }

            var attribution = new Attribution
            {
                Runtime = facts.Runtime,
                ContainerId = facts.ContainerId,
                PodUid = facts.PodUid,
                Unit = facts.IsContainer ? null : facts.Unit,
            };
            if (facts.ContainerId != null && facts.Runtime != null)
            {
                var state = Engine(facts.Runtime.Value, facts.ContainerId);
                attribution.ContainerName = state?.Name;
                attribution.PodUid ??= state?.PodUid;
            }

            return attribution;
        }

        private EngineContainer? Engine(ContainerRuntime runtime, string id)
        {
            switch (runtime)
            {
                case ContainerRuntime.Docker:
                    return _sources.Docker.ById(id);
                case ContainerRuntime.Podman:
                    string? name = _sources.Podman.NameOf(id);
                    return name == null ? null : new EngineContainer(runtime, id) { Name = name };
                default:
                    return _sources.Oci.ById(runtime, id);
            }
        }

        private Attribution? FromProxy(int pid, ProxyTarget target, CgroupFacts facts)
        {
            switch (target.Kind)
            {
                case ProxyKind.DockerProxy:
                {
                    var container = target.ContainerAddress == null ? null : _sources.Docker.ByAddress(target.ContainerAddress);
                    return new Attribution
                    {
                        Runtime = ContainerRuntime.Docker,
                        ContainerId = container?.Id,
                        ContainerName = container?.Name,
                        PodUid = container?.PodUid,
                        Unit = facts.Unit,
                        Proxy = target,
                    };
                }

                case ProxyKind.Conmon:
                {
                    var runtime = target.ExitsToPodman ? ContainerRuntime.Podman : facts.Runtime;
                    var attribution = new Attribution
                    {
                        Runtime = runtime,
                        ContainerId = target.ContainerId,
                        // conmon -n is the name the engine gave the container; Podman's storage says the same.
                        ContainerName = runtime == ContainerRuntime.Podman
                            ? target.ContainerName ?? _sources.Podman.NameOf(target.ContainerId!)
                            : null,
                        PodUid = facts.PodUid,
                        Proxy = target,
                        ContainerAddress = ChildAddress(pid),
                    };
                    if (runtime != null && runtime != ContainerRuntime.Podman)
                    {
                        var state = Engine(runtime.Value, target.ContainerId!);
                        attribution.ContainerName = state?.Name;
                        attribution.PodUid ??= state?.PodUid;
                    }

                    return attribution;
                }

                case ProxyKind.Slirp4netns:
                {
                    ulong? inode = target.TargetProcessId > 0
                        ? NamespaceDirectory.ReadLink(Proc(target.TargetProcessId, "ns/net"), out _)
                        : target.TargetNamespacePath != null ? FileInode.Of(target.TargetNamespacePath) : null;
                    return WithProxy(inode.HasValue ? OfNamespace(inode.Value, null) : null, target, facts);
                }

                case ProxyKind.RootlessPort:
                    // Its child (rootlessport-child) runs inside the container's namespace to connect to the container.
                    return WithProxy(OfChildNamespace(pid), target, facts);

                default:
                    return null;
            }
        }

        private static Attribution? WithProxy(Attribution? container, ProxyTarget target, CgroupFacts facts)
        {
            if (container == null || container.IsEmpty)
            {
                return null;
            }

            return new Attribution
            {
                Runtime = container.Runtime,
                ContainerId = container.ContainerId,
                ContainerName = container.ContainerName,
                PodUid = container.PodUid,
                Unit = facts.Unit,
                Proxy = target,
            };
        }

        /// <summary>The container an endpoint of a proxy forwards to: "address:port" when both are known.</summary>
        private string? PublishedTo(Attribution attribution, Endpoint endpoint)
        {
            var proxy = attribution.Proxy;
            if (proxy == null)
            {
                return null;
            }

            if (proxy.Kind == ProxyKind.DockerProxy)
            {
                return proxy.PublishedTo;
            }

            if (proxy.Kind == ProxyKind.Conmon && attribution.ContainerId != null && attribution.ContainerAddress != null
                && attribution.Runtime == ContainerRuntime.Podman)
            {
                foreach (var port in _sources.Podman.PortsOf(attribution.ContainerId))
                {
                    if (port.HostPort == endpoint.LocalPort && port.Protocol == endpoint.Protocol)
                    {
                        return EndpointText.Format(attribution.ContainerAddress, port.ContainerPort);
                    }
                }
            }

            return null;
        }

        /// <summary>conmon's container: its child in another namespace; that namespace's one IPv4 address, if it has one.</summary>
        private string? ChildAddress(int pid)
        {
            var child = ChildInOtherNamespace(pid);
            if (child == null)
            {
                return null;
            }

            var addresses = NamespaceAddresses.FromFibTrie(ReadProc(child.Value.Pid, "net/fib_trie"));
            return addresses.Count == 1 ? addresses[0] : null;
        }

        private Attribution? OfChildNamespace(int pid) =>
            ChildInOtherNamespace(pid) is { } child ? OfNamespace(child.Namespace, null) : null;

        /// <summary>The first child of <paramref name="pid"/> whose network namespace is not its parent's.</summary>
        private (int Pid, ulong Namespace)? ChildInOtherNamespace(int pid)
        {
            ulong? own = NamespaceDirectory.ReadLink(Proc(pid, "ns/net"), out _);
            foreach (int child in Children(pid))
            {
                ulong? theirs = NamespaceDirectory.ReadLink(Proc(child, "ns/net"), out _);
                if (theirs.HasValue && theirs != own)
                {
                    return (child, theirs.Value);
                }
            }

            return null;
        }

        private IEnumerable<int> Children(int pid)
        {
            string? text = ReadProc(pid, "task/" + pid.ToString(CultureInfo.InvariantCulture) + "/children");
            foreach (string part in (text ?? string.Empty).Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int child))
                {
                    yield return child;
                }
            }
        }

        private void BySocketCgroup()
        {
            var wanted = new HashSet<ulong>();
            foreach (var (_, record) in _unattributed)
            {
                if (record.CgroupId != 0)
                {
                    wanted.Add(record.CgroupId);
                }
            }

            if (wanted.Count == 0)
            {
                return;
            }

            string? root = _sources.CgroupRoot ?? CgroupIdMap.FindRoot(OptionalFile.TryReadAllText(_sources.ProcRoot + "/self/mountinfo"));
            if (root == null)
            {
                return;
            }

            var paths = CgroupIdMap.Resolve(root, wanted);
            var byId = new Dictionary<ulong, Attribution>();
            foreach (var pair in paths)
            {
                byId[pair.Key] = FromFacts(Facts(pair.Value));
            }

            _unattributed.RemoveAll(item =>
            {
                if (item.Record.CgroupId == 0 || !byId.TryGetValue(item.Record.CgroupId, out var attribution) || attribution.IsEmpty)
                {
                    return false;
                }

                attribution.CopyTo(item.Endpoint);
                return true;
            });
        }

        private static CgroupFacts Facts(string path)
        {
            var facts = CgroupParser.ParsePath(path);
            return facts.IsContainer ? facts : new CgroupFacts { Unit = CgroupParser.Unit(path) };
        }

        private void ByNamespace(IReadOnlyList<NetworkNamespaceInfo>? namespaces)
        {
            if (namespaces == null)
            {
                return;
            }

            var byInode = new Dictionary<ulong, Attribution?>();
            foreach (var info in namespaces)
            {
                if (info.Inode.HasValue && !info.IsCurrent)
                {
                    byInode[info.Inode.Value] = null;
                }
            }

            foreach (var (endpoint, record) in _unattributed)
            {
                if (!record.NetworkNamespace.HasValue || !byInode.TryGetValue(record.NetworkNamespace.Value, out var attribution))
                {
                    continue;
                }

                if (attribution == null)
                {
                    attribution = OfNamespace(record.NetworkNamespace.Value, namespaces);
                    byInode[record.NetworkNamespace.Value] = attribution;
                }

                attribution.CopyTo(endpoint);
            }
        }

        /// <summary>
        /// What every visible process of a namespace agrees on: one container, else one pod, else one unit; nothing
        /// when they disagree or none can be read.
        /// </summary>
        private Attribution OfNamespace(ulong inode, IReadOnlyList<NetworkNamespaceInfo>? namespaces)
        {
            var pids = Members(inode, namespaces);
            Attribution? common = null;
            foreach (int pid in pids)
            {
                var facts = CgroupParser.Parse(ReadProc(pid, "cgroup"));
                if (ProxyCommandLine.KindOf(Comm(pid)) != ProxyKind.None)
                {
                    continue; // rootlessport-child and the like are guests here, not the namespace's own
                }

                var one = FromFacts(facts);
                common = common == null ? one : Common(common, one);
                if (common.IsEmpty)
                {
                    return Attribution.None;
                }
            }

            return common ?? Attribution.None;
        }

        private static Attribution Common(Attribution a, Attribution b)
        {
            if (a.ContainerId != null && a.ContainerId == b.ContainerId)
            {
                return a;
            }

            if (a.PodUid != null && a.PodUid == b.PodUid)
            {
                return new Attribution { Runtime = a.Runtime == b.Runtime ? a.Runtime : ContainerRuntime.Kubernetes, PodUid = a.PodUid };
            }

            if (a.ContainerId == null && b.ContainerId == null && a.PodUid == null && b.PodUid == null && a.Unit != null && a.Unit == b.Unit)
            {
                return a;
            }

            return Attribution.None;
        }

        private IReadOnlyList<int> Members(ulong inode, IReadOnlyList<NetworkNamespaceInfo>? namespaces)
        {
            if (namespaces != null)
            {
                foreach (var info in namespaces)
                {
                    if (info.Inode == inode)
                    {
                        return info.ProcessIds;
                    }
                }
            }

            if (_members == null)
            {
                _members = new Dictionary<ulong, List<int>>();
                foreach (var info in new NamespaceDirectory(_sources.ProcRoot).Enumerate(default, out _))
                {
                    if (info.Inode.HasValue)
                    {
                        _members[info.Inode.Value] = info.ProcessIds;
                    }
                }
            }

            return _members.TryGetValue(inode, out var pids) ? pids : (IReadOnlyList<int>)new int[0];
        }

        private string? Comm(int pid) => ReadProc(pid, "comm")?.TrimEnd('\n');

        private string Proc(int pid, string file) => _sources.ProcRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/" + file;

        private string? ReadProc(int pid, string file) => OptionalFile.TryReadAllText(Proc(pid, file));
    }
}
