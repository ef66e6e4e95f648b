using System;
using System.Runtime.InteropServices;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The libc calls netstandard2.0 lacks, declared once for the whole core (the sweep's connect/poll calls live beside
    /// it in Probing/LinuxSocketCalls.cs and use socket/setsockopt/close from here). Reviewed surface: readlink/readlinkat (no LinkTarget before .NET 6),
    /// open/getdents64/close for allocation-free /proc/&lt;pid&gt;/fd walks, sysconf for clock ticks, geteuid for the
    /// "not root" warning, and socket/setsockopt/sendto/recv for NETLINK_SOCK_DIAG.
    /// </summary>
    internal static class LibC
    {
        public const int SC_CLK_TCK = 2;

        public const int EINTR = 4;
        public const int ENOENT = 2;
        public const int ESRCH = 3;
        public const int EACCES = 13;
        public const int EPERM = 1;

        public const int O_RDONLY = 0;
        public const int O_DIRECTORY = 0x10000;
        public const int O_CLOEXEC = 0x80000;

        public const int AF_NETLINK = 16;
        public const int SOCK_RAW = 3;
        public const int SOCK_CLOEXEC = 0x80000;
        public const int NETLINK_SOCK_DIAG = 4;
        public const int SOL_SOCKET = 1;
        public const int SO_RCVBUF = 8;

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr readlink([MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer, IntPtr size);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr readlinkat(int dirfd, byte* path, byte* buffer, IntPtr size);

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        /// <summary>glibc 2.30+ and musl export it; callers fall back to managed enumeration when it is missing.</summary>
        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr getdents64(int fd, byte* buffer, IntPtr count);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc")]
        public static extern long sysconf(int name);

        [DllImport("libc")]
        public static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        /// <summary>One declaration for every option: an int[] carries a plain int and a struct linger { on, seconds } alike.</summary>
        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int name, int[] value, int length);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr sendto(int fd, byte* buffer, IntPtr length, int flags, byte* address, int addressLength);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr recv(int fd, byte* buffer, IntPtr length, int flags);
    }
}
