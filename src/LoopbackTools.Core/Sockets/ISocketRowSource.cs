using System.Threading;

namespace LoopbackTools.Sockets
{
    /// <summary>A socket table that can hand its rows to a sink as it parses them instead of returning records.</summary>
    internal interface ISocketRowSource : ISocketTable
    {
        /// <summary>Reads the table into <paramref name="sink"/>; warnings go to <see cref="SocketTableRequest.Warnings"/>.</summary>
        /// <exception cref="SocketTableUnavailableException">This source cannot read the table here.</exception>
        void Read(SocketTableRequest request, ISocketRowSink sink, CancellationToken cancellationToken);
    }
}
