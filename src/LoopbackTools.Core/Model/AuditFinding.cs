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

        public string Remedy { get; set; } = string.Empty;

        /// <summary>The socket the finding is about; null when the finding is about something that is gone (a removed baseline listener) or about many sockets at once.</summary>
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
        };

        public override string ToString() => $"{Severity} {Rule} {Protocol} {EndpointText.Format(LocalAddress, LocalPort)}";
    }
}
