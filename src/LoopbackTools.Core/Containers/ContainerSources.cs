namespace LoopbackTools.Containers
{
    /// <summary>Where attribution reads from: procfs, the cgroup v2 tree and each engine's state. Tests point these elsewhere.</summary>
    internal sealed class ContainerSources
    {
        public string ProcRoot { get; set; } = "/proc";

        /// <summary>The cgroup v2 mount; null to find it in /proc/self/mountinfo.</summary>
        public string? CgroupRoot { get; set; }

        public DockerState Docker { get; set; } = new DockerState(DockerState.DefaultRoot);

        public PodmanState Podman { get; set; } = new PodmanState(PodmanState.DefaultRoot);

        public OciAnnotationState Oci { get; set; } = new OciAnnotationState();

        /// <summary>This host's, with the engines' data where their configuration puts it. Engine state is read lazily.</summary>
        public static ContainerSources ForHost() => new ContainerSources
        {
            Docker = DockerState.ForHost(),
            Podman = PodmanState.ForHost(),
        };
    }
}
