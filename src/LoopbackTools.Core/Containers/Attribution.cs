namespace LoopbackTools.Containers
{
    /// <summary>The container, pod or unit one process (or socket cgroup, or namespace) belongs to.</summary>
    internal sealed class Attribution
    {
        public static readonly Attribution None = new Attribution();

        public ContainerRuntime? Runtime { get; set; }

        public string? ContainerId { get; set; }

        public string? ContainerName { get; set; }

        public string? PodUid { get; set; }

        public string? Unit { get; set; }

        /// <summary>For an engine's host-side process: what its command line says about the container it serves.</summary>
        public ProxyTarget? Proxy { get; set; }

        /// <summary>For conmon: the container's address in its namespace, when it has exactly one.</summary>
        public string? ContainerAddress { get; set; }

        public bool IsEmpty => Runtime == null && ContainerId == null && PodUid == null && Unit == null;

        public void CopyTo(Endpoint endpoint)
        {
            endpoint.ContainerRuntime = Runtime;
            endpoint.ContainerId = ContainerId;
            endpoint.ContainerName = ContainerName;
            endpoint.PodUid = PodUid;
            endpoint.Unit = Unit;
        }
    }
}
