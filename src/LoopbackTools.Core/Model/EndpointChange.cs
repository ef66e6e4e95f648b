using System;

namespace LoopbackTools
{
    /// <summary>
    /// One difference between two looks at the socket table (a baseline and now, or two polls of a watch). The plain
    /// properties describe the endpoint as it is now (as it was, for Removed); the Old* properties hold the previous
    /// value of whatever changed and stay empty otherwise, so a CSV of changes needs no nested columns.
    /// </summary>
    public sealed class EndpointChange
    {
        /// <summary>The computer the row describes: this machine's name, or the session's for rows a remote run brought back.</summary>
        public string ComputerName { get; set; } = LocalComputer.Name;

        /// <summary>When a watch saw the change; empty for a baseline comparison.</summary>
        public DateTime? Time { get; set; }

        public EndpointChangeType ChangeType { get; set; }

        public TransportProtocol Protocol { get; set; }

        public IPFamily AddressFamily { get; set; }

        public string LocalAddress { get; set; } = string.Empty;

        public int LocalPort { get; set; }

        public string RemoteAddress { get; set; } = string.Empty;

        public int RemotePort { get; set; }

        public SocketState State { get; set; }

        public Exposure Exposure { get; set; }

        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string? UserName { get; set; }

        /// <summary>The network namespace's inode number (see Endpoint.NetworkNamespace); null where unknown.</summary>
        public ulong? NetworkNamespace { get; set; }

        /// <summary>The container the endpoint belongs to, by name; null outside containers or when its engine does not say.</summary>
        public string? ContainerName { get; set; }

        /// <summary>Names of the properties that changed, comma-separated (for example "LocalAddress,Exposure"); empty unless Changed.</summary>
        public string ChangedProperties { get; set; } = string.Empty;

        public string? OldLocalAddress { get; set; }

        public Exposure? OldExposure { get; set; }

        public SocketState? OldState { get; set; }

        public int? OldProcessId { get; set; }

        public string? OldUserName { get; set; }

        public override string ToString() =>
            $"{ChangeType} {Protocol} {EndpointText.Format(LocalAddress, LocalPort)}"
                + (ChangedProperties.Length > 0 ? $" ({ChangedProperties})" : string.Empty);
    }
}
