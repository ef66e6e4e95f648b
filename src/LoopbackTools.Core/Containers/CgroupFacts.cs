namespace LoopbackTools.Containers
{
    /// <summary>What a process's cgroup says about it: the container it runs in, its pod, or its systemd unit.</summary>
    internal sealed class CgroupFacts
    {
        public static readonly CgroupFacts None = new CgroupFacts();

        /// <summary>The engine the cgroup names; null outside containers.</summary>
        public ContainerRuntime? Runtime { get; set; }

        /// <summary>The full container id (64 hex digits); null when the cgroup names none.</summary>
        public string? ContainerId { get; set; }

        /// <summary>The Kubernetes pod uid, with dashes; null outside pods.</summary>
        public string? PodUid { get; set; }

        /// <summary>The innermost systemd service or scope, for processes that are not in a container; null otherwise.</summary>
        public string? Unit { get; set; }

        /// <summary>True for an engine's per-container monitor (libpod-conmon-&lt;id&gt;.scope, crio-conmon-&lt;id&gt;.scope).</summary>
        public bool IsMonitor { get; set; }

        public bool IsContainer => ContainerId != null || PodUid != null;

        public bool IsEmpty => !IsContainer && Unit == null;
    }
}
