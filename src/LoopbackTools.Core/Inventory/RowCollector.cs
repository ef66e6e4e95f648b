using System;
using System.Collections.Generic;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// The inventory's side of a table read: takes each row as the source parses it, keeps it only if the query wants
    /// it, and builds its <see cref="Endpoint"/> on the spot, so with netlink that work runs on the source's parsing
    /// thread while the kernel prepares the next datagram. Rows stay values in arrays (no object per row but the
    /// endpoint itself); a record is made only where something asks for one (<see cref="RecordAt"/>).
    /// </summary>
    internal sealed class RowCollector : ISocketRowSink
    {
        private readonly EndpointQuery _query;
        private readonly EndpointFactory _factory;
        private readonly ChunkedArray<SocketRow> _rows = new ChunkedArray<SocketRow>();
        private readonly ChunkedArray<Endpoint> _endpoints = new ChunkedArray<Endpoint>();
        private readonly ChunkedArray<int> _localIds = new ChunkedArray<int>();
        private readonly ChunkedArray<int> _remoteIds = new ChunkedArray<int>();
        private ChunkedArray<SocketRecord?>? _records;
        private int _count;

        public RowCollector(EndpointQuery query, EndpointFactory factory)
        {
            _query = query;
            _factory = factory;
        }

        public AddressFacts Addresses { get; } = new AddressFacts();

        public int Count => _count;

        public void Add(in SocketRow row) => Add(in row, null);

        /// <summary>Adds a row that came as a record (sources other than netlink): the record itself goes to the owner lookup.</summary>
        public void Add(in SocketRow row, SocketRecord? record)
        {
            var local = Addresses.OfLocal(row.LocalAddress);
            var remote = Addresses.OfRemote(row.RemoteAddress);
            bool reachable = _query.All || EndpointInventory.IsReachableThroughLoopback(
                local.IsLoopback, local.IsWildcard, row.InterfaceIndex, remote.IsLoopback);
            if (!EndpointInventory.Matches(_query, in row, reachable))
            {
                return;
            }

            if (_count == _rows.Capacity)
            {
                _rows.EnsureIndex(_count);
                _endpoints.EnsureIndex(_count);
                _localIds.EnsureIndex(_count);
                _remoteIds.EnsureIndex(_count);
            }

            _rows[_count] = row;
            _localIds[_count] = local.Id;
            _remoteIds[_count] = remote.Id;
            // A record read inside another namespace names its device there (the index means that namespace's device).
            _endpoints[_count] = _factory.Create(in row, local, remote, record?.InterfaceName);
            if (record != null)
            {
                _records ??= new ChunkedArray<SocketRecord?>();
                _records.EnsureIndex(_count);
                _records[_count] = record;
            }

            _count++;
        }

        public void Truncate(int count)
        {
            if (count < 0 || count > _count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            _rows.Clear(count, _count);
            _endpoints.Clear(count, _count);
            _records?.Clear(count, Math.Min(_count, _records.Capacity));
            _count = count;
        }

        /// <summary>The kept rows in the inventory's total order (<see cref="SocketRecordOrder"/>), as indexes.</summary>
        public int[] Order() => SocketRecordOrder.Order(_rows, _localIds, _remoteIds, _count, Addresses.All);

        public Endpoint EndpointAt(int index) => _endpoints[index];

        /// <summary>The row at <paramref name="index"/> (an index <see cref="Order"/> returned), by reference.</summary>
        public ref readonly SocketRow RowAt(int index) => ref _rows[index];

        /// <summary>The record of the row at <paramref name="index"/>: the source's own where it gave one, else made now.</summary>
        public SocketRecord RecordAt(int index) =>
            (_records != null && index < _records.Capacity ? _records[index] : null) ?? _rows[index].ToRecord();

        /// <summary>The records of the rows at <paramref name="order"/>, in that order.</summary>
        public List<SocketRecord> Records(int[] order)
        {
            var records = new List<SocketRecord>(order.Length);
            foreach (int i in order)
            {
                records.Add(RecordAt(i));
            }

            return records;
        }
    }
}
