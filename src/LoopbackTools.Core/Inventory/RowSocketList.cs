using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// The kept rows of a read, in the inventory's order, as an owner lookup's input: inode and state straight from the
    /// rows, a record only when one is asked for (the rows of the caller's namespace, stamped with it).
    /// </summary>
    internal sealed class RowSocketList : ISocketList
    {
        private readonly RowCollector _rows;
        private readonly int[] _order;
        private readonly ulong? _namespace;

        public RowSocketList(RowCollector rows, int[] order, ulong? networkNamespace)
        {
            _rows = rows;
            _order = order;
            _namespace = networkNamespace;
        }

        public int Count => _order.Length;

        public ulong InodeAt(int index) => _rows.RowAt(_order[index]).Inode;

        public SocketState StateAt(int index) => _rows.RowAt(_order[index]).State;

        public SocketRecord RecordAt(int index)
        {
            var record = _rows.RecordAt(_order[index]);
            if (_namespace.HasValue)
            {
                record.NetworkNamespace = _namespace;
            }

            return record;
        }
    }
}
