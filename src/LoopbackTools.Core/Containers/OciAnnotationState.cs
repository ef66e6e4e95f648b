using System;
using System.Collections.Generic;
using System.IO;
using LoopbackTools.Policy;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// What the Kubernetes runtimes write into each container's OCI runtime configuration (config.json, "annotations"):
    /// containerd under /run/containerd/io.containerd.runtime.v2.task/&lt;namespace&gt;/&lt;id&gt;/
    /// (io.kubernetes.cri.container-name, io.kubernetes.cri.sandbox-uid), CRI-O under
    /// /run/containers/storage/overlay-containers/&lt;id&gt;/userdata/ (io.kubernetes.container.name,
    /// io.kubernetes.pod.uid). A pod's sandbox (pause) container has no container name of its own.
    /// </summary>
    internal sealed class OciAnnotationState
    {
        public const string ContainerdTasks = "/run/containerd/io.containerd.runtime.v2.task";
        public const string CrioRunRoot = "/run/containers/storage";

        private readonly string _containerdTasks;
        private readonly string _crioRunRoot;
        private readonly Dictionary<string, EngineContainer?> _cache = new Dictionary<string, EngineContainer?>(StringComparer.Ordinal);

        public OciAnnotationState(string containerdTasks = ContainerdTasks, string crioRunRoot = CrioRunRoot)
        {
            _containerdTasks = containerdTasks;
            _crioRunRoot = crioRunRoot;
        }

        public EngineContainer? ById(ContainerRuntime runtime, string id)
        {
            bool kubernetes = runtime == ContainerRuntime.Containerd || runtime == ContainerRuntime.CriO || runtime == ContainerRuntime.Kubernetes;
            if (!CgroupParser.IsId(id) || !kubernetes)
            {
                return null;
            }

            string key = runtime + "/" + id;
            if (!_cache.TryGetValue(key, out var container))
            {
                container = runtime == ContainerRuntime.CriO ? Crio(id)
                    : runtime == ContainerRuntime.Containerd ? Containerd(id)
                    : Containerd(id) ?? Crio(id);
                _cache[key] = container;
            }

            return container;
        }

        private EngineContainer? Containerd(string id)
        {
            string[] namespaces;
            try
            {
                namespaces = Directory.GetDirectories(_containerdTasks);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }

            foreach (string folder in namespaces)
            {
                var root = EngineJson.ReadFile(Path.Combine(folder, id, "config.json"));
                if (root != null)
                {
                    return FromAnnotations(ContainerRuntime.Containerd, id, EngineJson.Get(root, "annotations"));
                }
            }

            return null;
        }

        private EngineContainer? Crio(string id)
        {
            var root = EngineJson.ReadFile(Path.Combine(_crioRunRoot, "overlay-containers", id, "userdata", "config.json"));
            return root == null ? null : FromAnnotations(ContainerRuntime.CriO, id, EngineJson.Get(root, "annotations"));
        }

        internal static EngineContainer? FromAnnotations(ContainerRuntime runtime, string id, PolicyNode? annotations)
        {
            if (!(annotations is PolicyMap))
            {
                return null;
            }

            bool sandbox = EngineJson.Text(EngineJson.Get(annotations, "io.kubernetes.cri.container-type")) == "sandbox";
            return new EngineContainer(runtime, id)
            {
                Running = true,
                Name = sandbox ? null : EngineJson.Text(EngineJson.Get(annotations, "io.kubernetes.cri.container-name"))
                    ?? EngineJson.Text(EngineJson.Get(annotations, "io.kubernetes.container.name")),
                PodUid = EngineJson.Text(EngineJson.Get(annotations, "io.kubernetes.cri.sandbox-uid"))
                    ?? EngineJson.Text(EngineJson.Get(annotations, "io.kubernetes.pod.uid")),
            };
        }
    }
}
