using System;

namespace LoopbackTools
{
    /// <summary>
    /// One row of the socket table with its classification and owner. Every property is a scalar so that
    /// Export-Csv and ConvertTo-Json stay flat; addresses are strings in their canonical text form.
    /// </summary>
    public sealed class Endpoint
    {
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

        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string? CommandLine { get; set; }

        public string? UserName { get; set; }

        public DateTime? ProcessStartTime { get; set; }

        /// <summary>The kernel's identifier of the socket (Linux inode); 0 where the OS has none.</summary>
        public ulong SocketId { get; set; }

        public override string ToString()
        {
            return RemotePort == 0 && State != SocketState.Established
                ? $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} {State}"
                : $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} -> {EndpointText.Format(RemoteAddress, RemotePort)} {State}";
        }
    }
}
