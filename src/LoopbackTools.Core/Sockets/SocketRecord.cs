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

        /// <summary>The socket's uid as the kernel reports it (an unsigned 32-bit number); null when the source cannot tell.</summary>
        public uint? Uid { get; set; }

        /// <summary>IPV6_V6ONLY of an IPv6 socket (netlink INET_DIAG_SKV6ONLY); null for IPv4 and when the source cannot tell.</summary>
        public bool? IPv6Only { get; set; }

        /// <summary>
        /// The interface index the socket is bound to (SO_BINDTODEVICE, or the scope of a link-local address); 0 for none.
        /// </summary>
        public int InterfaceIndex { get; set; }

        /// <summary>Bytes waiting to be read; for a TCP listener, connections waiting to be accepted. Null when unknown.</summary>
        public uint? ReceiveQueue { get; set; }

        /// <summary>Bytes not yet acknowledged or sent; for a TCP listener, its backlog limit. Null when unknown.</summary>
        public uint? SendQueue { get; set; }

        /// <summary>Owner PID when the OS table carries it (Windows); 0 otherwise.</summary>
        public int OwnerProcessId { get; set; }
    }
}
