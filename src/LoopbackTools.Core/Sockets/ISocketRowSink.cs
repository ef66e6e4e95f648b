namespace LoopbackTools.Sockets
{
    /// <summary>
    /// Takes rows as a source parses them, so a reader can filter and build objects while the kernel prepares the next
    /// datagram. Calls come one at a time and in the source's order, but possibly on a worker thread of the source.
    /// </summary>
    internal interface ISocketRowSink
    {
        /// <summary>How many rows the sink holds now (it may drop rows it does not want).</summary>
        int Count { get; }

        void Add(in SocketRow row);

        /// <summary>Forgets every row added after <see cref="Count"/> was <paramref name="count"/> (a dump read again).</summary>
        void Truncate(int count);
    }
}
