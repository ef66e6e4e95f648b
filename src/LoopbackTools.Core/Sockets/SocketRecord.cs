using System.Net;

namespace LoopbackTools.Sockets
{
    /// <summary>A raw socket-table row as the OS reports it, before classification and owner lookup.</summary>
    internal sealed class SocketRecord
    {
        public TransportProtocol Protocol { get; set; }

        public IPFamily Family { get; set; }

        public IPAddress LocalAddress { get; set; } = IPAddress.Any;

        public int LocalPort { get; set; }

        public IPAddress RemoteAddress { get; set; } = IPAddress.Any;

        public int RemotePort { get; set; }

        public SocketState State { get; set; }

        /// <summary>
        /// When the OS table holding this row was read (UTC), where the source stamps it (IP Helper); the owner lookup
        /// drops a PID whose process started after it. Null when the source does not say.
        /// </summary>
        public System.DateTime? ReadAtUtc { get; set; }

        /// <summary>Linux socket inode; 0 where the OS has none.</summary>
        public ulong Inode { get; set; }

        /// <summary>Owner uid as the kernel reports it; -1 when unknown.</summary>
        public int Uid { get; set; } = -1;

        /// <summary>Owner PID when the OS table carries it (Windows); 0 otherwise.</summary>
        public int OwnerProcessId { get; set; }

        /// <summary>The network namespace the row was read from (its inode number); null when unknown.</summary>
        public ulong? NetworkNamespace { get; set; }

        /// <summary>The cgroup v2 id of the socket (its creator's cgroup, netlink INET_DIAG_CGROUP_ID); 0 when not reported.</summary>
        public ulong CgroupId { get; set; }
    }
}
