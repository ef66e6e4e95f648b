using System;

namespace LoopbackTools
{
    /// <summary>
    /// One row of the socket table with its classification and owner. Every property is a scalar so that
    /// Export-Csv and ConvertTo-Json stay flat; addresses are strings in their canonical text form.
    /// </summary>
    public sealed class Endpoint
    {
        public TransportProtocol Protocol { get; set; }

        public IPFamily AddressFamily { get; set; }

        public string LocalAddress { get; set; } = string.Empty;

        public int LocalPort { get; set; }

        public string RemoteAddress { get; set; } = string.Empty;

        public int RemotePort { get; set; }

        public SocketState State { get; set; }

        public Exposure Exposure { get; set; }

        public PortCategory PortCategory { get; set; }

        public bool InEphemeralRange { get; set; }

        /// <summary>The service name for the local port and protocol from the OS services file, or null.</summary>
        public string? Service { get; set; }

        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string? CommandLine { get; set; }

        public string? UserName { get; set; }

        public DateTime? ProcessStartTime { get; set; }

        /// <summary>The kernel's identifier of the socket (Linux inode); 0 where the OS has none.</summary>
        public ulong SocketId { get; set; }

        /// <summary>
        /// The network namespace the socket lives in: its inode number, as `ls -l /proc/PID/ns/net` shows it (net:[N]).
        /// Null where the OS has no namespaces, or where this user cannot tell which namespace a table belongs to.
        /// </summary>
        public ulong? NetworkNamespace { get; set; }

        /// <summary>The container engine of the owner (or of the socket's cgroup); null outside containers.</summary>
        public ContainerRuntime? ContainerRuntime { get; set; }

        /// <summary>The full container id (64 hex digits); null outside containers.</summary>
        public string? ContainerId { get; set; }

        /// <summary>The container's name as its engine's state says it; null when the state cannot be read (never guessed).</summary>
        public string? ContainerName { get; set; }

        /// <summary>The Kubernetes pod's uid, for processes of a pod; null otherwise.</summary>
        public string? PodUid { get; set; }

        /// <summary>The systemd unit of the owner (nginx.service, session-2.scope); null for containers and where none is known.</summary>
        public string? Unit { get; set; }

        /// <summary>
        /// For a host socket a container engine holds for a published port (docker-proxy, conmon, rootlessport): the
        /// container address and port it forwards to, "172.17.0.2:80"; null otherwise or when the engine does not say.
        /// </summary>
        public string? PublishedTo { get; set; }

        public override string ToString()
        {
            return RemotePort == 0 && State != SocketState.Established
                ? $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} {State}"
                : $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} -> {EndpointText.Format(RemoteAddress, RemotePort)} {State}";
        }
    }
}
