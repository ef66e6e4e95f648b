using System.Runtime.InteropServices;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The libc calls of the Linux connect sweep: plain non-blocking sockets and poll(2), without the per-socket
    /// objects and thread-pool hops of System.Net.Sockets, which dominate the cost of 65,535 connects on loopback.
    /// Constants are Linux's own (x86-64 and arm64 agree on all of them).
    /// </summary>
    internal static class LinuxSocketCalls
    {
        public const int AfInet = 2;
        public const int AfInet6 = 10;
        public const int SockStream = 1;
        public const int SockNonBlock = 0x800;
        public const int SockCloExec = 0x80000;
        public const int SolSocket = 1;
        public const int SoError = 4;
        public const int SoLinger = 13;
        public const short PollOut = 0x004;

        public const int EIntr = 4;
        public const int EInProgress = 115;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", EntryPoint = "connect", SetLastError = true)]
        public static extern int Connect(int fd, byte[] address, int addressLength);

        [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
        public static extern int Poll([In, Out] PollFd[] fds, ulong count, int timeoutMs);

        [DllImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
        public static extern int GetSockOpt(int fd, int level, int name, ref int value, ref int length);

        [DllImport("libc", EntryPoint = "getsockname", SetLastError = true)]
        public static extern int GetSockName(int fd, byte[] address, ref int length);
    }
}
