using System.Collections.Generic;
using LoopbackTools.Sockets;

namespace LoopbackTools.Owners
{
    /// <summary>Records that exist already (IP Helper, /proc/net, other namespaces, tests) as an owner lookup's input.</summary>
    internal sealed class RecordSocketList : ISocketList
    {
        private readonly IReadOnlyList<SocketRecord> _records;

        public RecordSocketList(IReadOnlyList<SocketRecord> records)
        {
            _records = records;
        }

        public int Count => _records.Count;

        public ulong InodeAt(int index) => _records[index].Inode;

        public SocketState StateAt(int index) => _records[index].State;

        public SocketRecord RecordAt(int index) => _records[index];
    }
}
