using System;

namespace LoopbackTools
{
    /// <summary>
    /// One row of the socket table with its classification and owner. Every property is a scalar so that
    /// Export-Csv and ConvertTo-Json stay flat; addresses are strings in their canonical text form.
    /// </summary>
    public sealed class Endpoint
    {
        private ProcessIdList? _processIds;

        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

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

        /// <summary>
        /// The primary holder: of the processes that hold the socket, the one that is an ancestor of the others (the
        /// master of a pre-fork server), else the earliest started, else the lowest id. The name, path, command line,
        /// user and start time below describe this process.
        /// </summary>
        public int? ProcessId { get; set; }

        /// <summary>
        /// The primary holder's id again, under the name Stop-Process and Get-Process bind by property name, so that
        /// <c>Get-LoopbackEndpoint -Port 8080 | Stop-Process</c> stops the owner. A property of the class rather than an
        /// alias in a types file: loading a types file costs about 19 ms of every Import-Module (issue 14).
        /// </summary>
        public int? Id => ProcessId;

        /// <summary>Every process that holds the socket, the primary holder first; empty when no holder is visible.</summary>
        public ProcessIdList ProcessIds
        {
            get => _processIds ?? (ProcessId.HasValue ? new ProcessIdList(new[] { ProcessId.Value }) : ProcessIdList.Empty);
            set => _processIds = value;
        }

        /// <summary>How many processes hold the socket (several for a pre-fork server or a socket passed to a child).</summary>
        public int ProcessCount => ProcessIds.Count;

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string? CommandLine { get; set; }

        /// <summary>
        /// The owner's user; when no process is visible, the user the kernel records for the socket itself (a name from
        /// the passwd database, else the uid as a number). Null only when neither is known.
        /// </summary>
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
        /// <summary>The uid the kernel records for the socket (its creator's), unsigned; null where the OS table has none.</summary>
        public uint? SocketUid { get; set; }

        /// <summary>
        /// For an IPv6 socket: true when it takes IPv6 only (IPV6_V6ONLY), false when a wildcard or v4-mapped bind also
        /// takes IPv4 (dual-stack). Null for IPv4 sockets and when the source cannot tell (the kernel reports it for
        /// listeners and unconnected UDP sockets, over netlink only).
        /// </summary>
        public bool? IPv6Only { get; set; }

        /// <summary>The network interface the socket is bound to (SO_BINDTODEVICE) or the scope of its link-local address; null for none.</summary>
        public string? Interface { get; set; }

        /// <summary>
        /// Bytes received and not yet read; for a TCP listener, connections waiting to be accepted (as ss shows). Null when unknown.
        /// </summary>
        public uint? ReceiveQueue { get; set; }

        /// <summary>Bytes sent and not yet acknowledged; for a TCP listener, its backlog limit (as ss shows). Null when unknown.</summary>
        public uint? SendQueue { get; set; }

        public override string ToString()
        {
            return RemotePort == 0 && State != SocketState.Established
                ? $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} {State}"
                : $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} -> {EndpointText.Format(RemoteAddress, RemotePort)} {State}";
        }
    }
}
