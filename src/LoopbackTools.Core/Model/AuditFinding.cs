namespace LoopbackTools
{
    /// <summary>
    /// One thing an audit rule found. Flat and scalar (plus the endpoint itself) so Export-Csv and ConvertTo-Json
    /// give one row per finding; the text never carries a process id, so two audits of an unchanged service diff clean.
    /// </summary>
    public sealed class AuditFinding
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public string Rule { get; set; } = string.Empty;

        public AuditSeverity Severity { get; set; }

        public TransportProtocol Protocol { get; set; }

        public string LocalAddress { get; set; } = string.Empty;

        public int LocalPort { get; set; }

        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string Message { get; set; } = string.Empty;

        /// <summary>The network namespace of the endpoint (inode number, as Endpoint.NetworkNamespace); null when unknown.</summary>
        public ulong? NetworkNamespace { get; set; }

        /// <summary>The container the finding is about, by name; null outside containers or when its engine does not say.</summary>
        public string? ContainerName { get; set; }

        /// <summary>The container's full id; null outside containers.</summary>
        public string? ContainerId { get; set; }

        /// <summary>The systemd unit of the owner (nginx.service); null where none is known.</summary>
        public string? Unit { get; set; }

        /// <summary>
        /// For a listener inside a container: the host addresses that publish its port ("127.0.0.1:8080", comma-joined),
        /// empty when the container publishes it nowhere. Null for listeners outside containers.
        /// </summary>
        public string? PublishedOnHost { get; set; }

        public string Remedy { get; set; } = string.Empty;

        /// <summary>
        /// The socket the finding is about; null when the finding is about something that is gone (a removed baseline listener)
        /// or about many sockets at once.
        /// </summary>
        public Endpoint? Endpoint { get; set; }

        /// <summary>A finding about one endpoint, with the endpoint's identity copied into the flat columns.</summary>
        public static AuditFinding About(Endpoint endpoint, string rule, AuditSeverity severity, string message, string remedy) => new AuditFinding
        {
            ComputerName = endpoint.ComputerName,
            Rule = rule,
            Severity = severity,
            Protocol = endpoint.Protocol,
            LocalAddress = endpoint.LocalAddress,
            LocalPort = endpoint.LocalPort,
            ProcessId = endpoint.ProcessId,
            ProcessName = endpoint.ProcessName,
            ProcessPath = endpoint.ProcessPath,
            Message = message,
            Remedy = remedy,
            Endpoint = endpoint,
            NetworkNamespace = endpoint.NetworkNamespace,
            ContainerName = endpoint.ContainerName,
            ContainerId = endpoint.ContainerId,
            Unit = endpoint.Unit,
        };

        public override string ToString() => $"{Severity} {Rule} {Protocol} {EndpointText.Format(LocalAddress, LocalPort)}";
    }
}
