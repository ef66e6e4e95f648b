namespace LoopbackTools
{
    /// <summary>
    /// One thing that stands in the way of a port, explained. Every property is a scalar or string except
    /// <see cref="Endpoints"/>, whose ToString is a readable summary, so Export-Csv stays flat.
    /// </summary>
    public sealed class PortConflict
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        public int Port { get; set; }

        public TransportProtocol Protocol { get; set; }

        public ConflictKind Kind { get; set; }

        public ConflictSeverity Severity { get; set; }

        /// <summary>The local addresses involved, comma-joined ("0.0.0.0, 127.0.0.1"); empty when none is (a planned port on no address).</summary>
        public string Address { get; set; } = string.Empty;

        /// <summary>Plain-language explanation naming the processes and addresses involved.</summary>
        public string Message { get; set; } = string.Empty;

        /// <summary>What to do about it.</summary>
        public string Remedy { get; set; } = string.Empty;

        /// <summary>The PIDs involved, comma-joined in order of appearance; empty when no owner is known.</summary>
        public string ProcessId { get; set; } = string.Empty;

        /// <summary>The process names involved, comma-joined like <see cref="ProcessId"/>.</summary>
        public string ProcessName { get; set; } = string.Empty;

        public EndpointList Endpoints { get; set; } = EndpointList.Empty;

        public override string ToString() => $"{Severity} {Kind} {Protocol} {Port}: {Message}";
    }
}
