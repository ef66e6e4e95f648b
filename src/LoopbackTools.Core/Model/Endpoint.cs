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
