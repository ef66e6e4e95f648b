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

        /// <summary>Local ports wanted; null means every port, an empty set none. Netlink filters on them in the kernel.</summary>
        public ISet<int>? LocalPorts { get; set; }

        /// <summary>Remote ports wanted (0 for listeners and unconnected sockets); null means every port, an empty set none.</summary>
        public ISet<int>? RemotePorts { get; set; }

        /// <summary>
        /// True when only sockets with a loopback or wildcard local address, or a loopback remote address, are wanted: a
        /// superset of what reaches this machine through loopback (the inventory decides the rest, e.g. bound devices).
        /// </summary>
        public bool LoopbackOrWildcardOnly { get; set; }

        /// <summary>
        /// What the read found that the user should know (an interrupted dump, unreadable lines), one entry per cause.
        /// It travels with the request so that every source, including those added for other OSes, keeps one signature.
        /// </summary>
        public IList<string> Warnings { get; } = new List<string>();

        public static SocketTableRequest Everything() => new SocketTableRequest();

        /// <summary>
        /// The same request narrowed to some protocols and families (one dump of a split read), with every other filter
        /// kept, so each part is still filtered in the kernel. Warnings start empty: each part reports its own.
        /// </summary>
        public SocketTableRequest Part(bool tcp, bool udp, bool v4, bool v6) => new SocketTableRequest
        {
            IncludeTcp = tcp,
            IncludeUdp = udp,
            IncludeIPv4 = v4,
            IncludeIPv6 = v6,
            TcpStates = TcpStates,
            UdpBoundOnly = UdpBoundOnly,
            LocalPorts = LocalPorts,
            RemotePorts = RemotePorts,
            LoopbackOrWildcardOnly = LoopbackOrWildcardOnly,
        };
    }
}
