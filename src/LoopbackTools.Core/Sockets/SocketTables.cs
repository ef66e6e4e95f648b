using System.Collections.Generic;

namespace LoopbackTools.Sockets
{
    /// <summary>The socket-table sources for this OS, fastest first; the inventory falls back along the list.</summary>
    public static class SocketTables
    {
        public static IReadOnlyList<ISocketTable> ForCurrentPlatform()
        {
            if (Platform.IsLinux)
            {
                return new ISocketTable[] { new Linux.ProcNetSocketTable() };
            }

            return new ISocketTable[] { new Linux.ProcNetSocketTable() };
        }
    }
}
