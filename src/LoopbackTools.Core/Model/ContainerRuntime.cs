namespace LoopbackTools
{
    /// <summary>The container engine a process belongs to, as its cgroup or its engine's own process names it.</summary>
    public enum ContainerRuntime
    {
        /// <summary>Docker (moby): cgroups docker-&lt;id&gt;.scope or /docker/&lt;id&gt;; published ports held by docker-proxy.</summary>
        Docker,

        /// <summary>
        /// Podman (libpod): cgroups libpod-&lt;id&gt;.scope or /libpod_parent/libpod-&lt;id&gt;; published ports held by conmon
        /// or rootlessport.
        /// </summary>
        Podman,

        /// <summary>containerd through its CRI plugin (Kubernetes): cgroups cri-containerd-&lt;id&gt;.scope.</summary>
        Containerd,

        /// <summary>CRI-O (Kubernetes): cgroups crio-&lt;id&gt;.scope.</summary>
        CriO,

        /// <summary>A Kubernetes pod whose runtime the cgroup does not name (the cgroupfs layout /kubepods/.../pod&lt;uid&gt;/&lt;id&gt;).</summary>
        Kubernetes,
    }
}
