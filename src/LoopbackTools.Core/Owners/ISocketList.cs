using LoopbackTools.Sockets;

namespace LoopbackTools.Owners
{
    /// <summary>
    /// The sockets an owner lookup is asked about, by position. The inventory hands its netlink rows through this
    /// without a record per row: at 50,000 connections the 100,000 records cost 15 MB and 90-100 ms, most of it page
    /// faults on fresh memory, to tell the /proc walk two numbers per socket (issue 14).
    /// </summary>
    internal interface ISocketList
    {
        int Count { get; }

        /// <summary>The socket's inode number (0 for TIME_WAIT and orphaned sockets, and where the OS has none).</summary>
        ulong InodeAt(int index);

        SocketState StateAt(int index);

        /// <summary>The whole record (made on each call where the list holds rows): for lookups that read more fields.</summary>
        SocketRecord RecordAt(int index);
    }
}
