using System.Collections.Generic;

namespace LoopbackTools.Sockets
{
    /// <summary>
    /// What a socket table read must at least return. Sources may return more (the inventory filters again),
    /// but pushing protocols, families and TCP states down lets netlink skip work in the kernel.
    /// </summary>
    internal sealed class SocketTableRequest
    {
        public bool IncludeTcp { get; set; } = true;

        public bool IncludeUdp { get; set; } = true;

        public bool IncludeIPv4 { get; set; } = true;

        public bool IncludeIPv6 { get; set; } = true;

        /// <summary>TCP states wanted; null means every state.</summary>
        public ISet<SocketState>? TcpStates { get; set; }

        /// <summary>True when only unconnected UDP sockets are wanted.</summary>
        public bool UdpBoundOnly { get; set; }

        public static SocketTableRequest Everything() => new SocketTableRequest();
    }
}
