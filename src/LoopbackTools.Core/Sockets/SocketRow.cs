using System.Net;

namespace LoopbackTools.Sockets
{
    /// <summary>
    /// A socket-table row as a value: the fields of <see cref="SocketRecord"/> that sources parse from the kernel,
    /// without an object per row. The fast path (netlink into the inventory) passes rows by reference and keeps them
    /// in pooled arrays; addresses are shared instances from the parser's cache, not one per row.
    /// </summary>
    internal struct SocketRow
    {
        public IPAddress LocalAddress;
        public IPAddress RemoteAddress;
        public ulong Inode;
        public uint? Uid;
        public uint? ReceiveQueue;
        public uint? SendQueue;
        public bool? IPv6Only;
        public int InterfaceIndex;
        public int LocalPort;
        public int RemotePort;
        public TransportProtocol Protocol;
        public IPFamily Family;
        public SocketState State;

        /// <summary>The row of a record from a source that reads records (/proc/net, IP Helper, the managed table).</summary>
        public static SocketRow From(SocketRecord record) => new SocketRow
        {
            LocalAddress = record.LocalAddress,
            RemoteAddress = record.RemoteAddress,
            Inode = record.Inode,
            Uid = record.Uid,
            ReceiveQueue = record.ReceiveQueue,
            SendQueue = record.SendQueue,
            IPv6Only = record.IPv6Only,
            InterfaceIndex = record.InterfaceIndex,
            LocalPort = record.LocalPort,
            RemotePort = record.RemotePort,
            Protocol = record.Protocol,
            Family = record.Family,
            State = record.State,
        };

        /// <summary>The same row as a record, for code that takes records (owner lookup, tests).</summary>
        public SocketRecord ToRecord() => new SocketRecord
        {
            Protocol = Protocol,
            Family = Family,
            LocalAddress = LocalAddress,
            LocalPort = LocalPort,
            RemoteAddress = RemoteAddress,
            RemotePort = RemotePort,
            State = State,
            Inode = Inode,
            Uid = Uid,
            IPv6Only = IPv6Only,
            InterfaceIndex = InterfaceIndex,
            ReceiveQueue = ReceiveQueue,
            SendQueue = SendQueue,
        };
    }
}
