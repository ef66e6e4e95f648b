namespace LoopbackTools
{
    /// <summary>Everything about one port (or endpoint) and protocol, with a plain-language explanation. Flat for Export-Csv.</summary>
    public sealed class PortInfo
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        /// <summary>What the caller typed.</summary>
        public string Input { get; set; } = string.Empty;

        public TransportProtocol Protocol { get; set; }

        /// <summary>The address part as given ("127.0.0.1", "::1", "localhost"); empty for a bare port.</summary>
        public string Address { get; set; } = string.Empty;

        public AddressKind AddressKind { get; set; }

        /// <summary>The addresses the endpoint stands for, in the order clients try them ("127.0.0.1" or, for localhost, the resolver's
        /// answer).</summary>
        public string ResolvedAddresses { get; set; } = string.Empty;

        public int Port { get; set; }

        public PortCategory PortCategory { get; set; }

        /// <summary>The name from the OS services file, or null.</summary>
        public string? Service { get; set; }

        public bool InEphemeralRange { get; set; }

        /// <summary>In a Linux ip_local_reserved_ports range: never handed out automatically, explicit binds still work.</summary>
        public bool InReservedRange { get; set; }

        /// <summary>In a Windows excluded range: binding it is refused.</summary>
        public bool InExcludedRange { get; set; }

        /// <summary>Below the unprivileged-port start: binding needs root or CAP_NET_BIND_SERVICE.</summary>
        public bool IsPrivileged { get; set; }

        /// <summary>The special ranges that hold the port: "Ephemeral 32768-60999; Privileged 0-1023".</summary>
        public string Ranges { get; set; } = string.Empty;

        /// <summary>Listening sockets (TCP Listen, unconnected UDP) on the port that this endpoint reaches.</summary>
        public int Listeners { get; set; }

        /// <summary>Other sockets with this local port (connections), TIME_WAIT excluded.</summary>
        public int Connections { get; set; }

        public int TimeWait { get; set; }

        /// <summary>Owners of the sockets below, comma-joined (listeners first).</summary>
        public string ProcessId { get; set; } = string.Empty;

        public string ProcessName { get; set; } = string.Empty;

        /// <summary>The sockets that use the port right now (at this address, when one was given).</summary>
        public EndpointList Endpoints { get; set; } = EndpointList.Empty;

        /// <summary>The whole story in sentences: category, ranges, who holds it, how clients reach it.</summary>
        public string Explanation { get; set; } = string.Empty;

        public override string ToString() => $"{Protocol} {Input}: {Explanation}";
    }
}
