using System.Collections.Generic;

namespace LoopbackTools.Sockets
{
    /// <summary>A sink that keeps every row as a <see cref="SocketRecord"/>: how a row source answers <see cref="ISocketTable.Read"/>.</summary>
    internal sealed class SocketRecordSink : ISocketRowSink
    {
        public SocketRecordSink(List<SocketRecord> records)
        {
            Records = records;
        }

        public List<SocketRecord> Records { get; }

        public int Count => Records.Count;

        public void Add(in SocketRow row) => Records.Add(row.ToRecord());

        public void Truncate(int count) => Records.RemoveRange(count, Records.Count - count);
    }
}
