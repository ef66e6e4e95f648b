using System.Collections.Generic;

namespace LoopbackTools.Sockets
{
    /// <summary>The socket-table sources for this OS, fastest first; the inventory falls back along the list.</summary>
    internal static class SocketTables
    {
        public static IReadOnlyList<ISocketTable> ForCurrentPlatform()
        {
            if (Platform.IsLinux)
            {
                // netlink sock_diag is what ss uses and ~2x faster than parsing text; /proc/net needs nothing but procfs.
                return new ISocketTable[] { new Linux.NetlinkSockDiagTable(), new Linux.ProcNetSocketTable() };
            }

            if (Platform.IsWindows)
            {
                // IP Helper carries owner PIDs; the managed table is the fallback if it fails, at the cost of owners.
                return new ISocketTable[] { new Windows.IpHelperSocketTable(), new ManagedSocketTable() };
            }

            // macOS, the BSDs: no native source here yet, so no owners (the inventory warns).
            return new ISocketTable[] { new ManagedSocketTable() };
        }
    }
}
