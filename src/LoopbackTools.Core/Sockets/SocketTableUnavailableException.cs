using System;

namespace LoopbackTools.Sockets
{
    /// <summary>Thrown by a socket-table source that cannot work here, so the caller falls back to the next.</summary>
    internal sealed class SocketTableUnavailableException : Exception
    {
        public SocketTableUnavailableException(string message)
            : base(message)
        {
        }

        public SocketTableUnavailableException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
