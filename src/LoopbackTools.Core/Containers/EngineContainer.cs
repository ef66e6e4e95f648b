using System.Collections.Generic;

namespace LoopbackTools.Containers
{
    /// <summary>One container as its engine's state describes it.</summary>
    internal sealed class EngineContainer
    {
        public EngineContainer(ContainerRuntime runtime, string id)
        {
            Runtime = runtime;
            Id = id;
        }

        public ContainerRuntime Runtime { get; }

        public string Id { get; }

        /// <summary>The engine's name for it; null when the state names none.</summary>
        public string? Name { get; set; }

        /// <summary>The Kubernetes pod uid from the engine's labels or annotations; null otherwise.</summary>
        public string? PodUid { get; set; }

        /// <summary>Its addresses on the engine's networks.</summary>
        public List<string> Addresses { get; } = new List<string>();

        /// <summary>Its published ports (host address and port to container port).</summary>
        public List<PublishedPort> Ports { get; } = new List<PublishedPort>();

        public bool Running { get; set; }
    }

    /// <summary>One published port: a host address and port forwarded to a container port.</summary>
    internal sealed class PublishedPort
    {
        public PublishedPort(TransportProtocol protocol, int containerPort, string hostAddress, int hostPort)
        {
            Protocol = protocol;
            ContainerPort = containerPort;
            HostAddress = hostAddress;
            HostPort = hostPort;
        }

        public TransportProtocol Protocol { get; }

        public int ContainerPort { get; }

        /// <summary>The host address ("0.0.0.0" or empty: every address).</summary>
        public string HostAddress { get; }

        public int HostPort { get; }

        public string HostText => EndpointText.Format(HostAddress.Length == 0 ? "0.0.0.0" : HostAddress, HostPort);
    }
}
