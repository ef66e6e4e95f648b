using System;
using System.Net.Sockets;
using LoopbackTools.Native;

namespace LoopbackTools.Listeners
{
    /// <summary>
    /// Plain SO_REUSEADDR, so a restarted listener can take its port back while old connections sit in TIME_WAIT.
    /// .NET's SocketOptionName.ReuseAddress cannot be used for this: on Unix it sets SO_REUSEPORT as well, which lets
    /// a second listener share a port that is already taken — the very conflict Start-LoopbackListener must report.
    /// </summary>
    internal static class ReuseAddressOption
    {
        // macOS and the BSDs number these differently from Linux (sys/socket.h).
        private const int BsdSolSocket = 0xffff;
        private const int BsdSoReuseAddr = 4;

        /// <summary>Best effort: without it a restart on the same port may wait out TIME_WAIT, nothing worse.</summary>
        public static void Enable(Socket socket)
        {
            // Windows binds over TIME_WAIT without help, and its SO_REUSEADDR would allow taking a port in use.
            if (!Platform.IsLinux && !Platform.IsMacOS)
            {
                return;
            }

            var on = new[] { 1 };
            int fd = (int)socket.Handle;
            _ = Platform.IsLinux
                ? LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, on, sizeof(int))
                : LibC.setsockopt(fd, BsdSolSocket, BsdSoReuseAddr, on, sizeof(int));
        }
    }
}
