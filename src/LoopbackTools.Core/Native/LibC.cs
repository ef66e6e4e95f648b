using System;
using System.Runtime.InteropServices;

namespace LoopbackTools.Native
{
    /// <summary>
    /// Every libc call of the core, declared once, under the names and with the constants of the C headers (the kernel's
    /// values; x86-64 and arm64 agree on all of them). netstandard2.0 lacks each of them:
    /// readlink/readlinkat (no LinkTarget before .NET 6); realpath/free (a policy's path against a symlinked
    /// executable); open/openat/getdents64/lseek/read/close for allocation-free /proc/&lt;pid&gt;/fd walks that read
    /// every file of one process through its open /proc/&lt;pid&gt; directory; sysconf for clock ticks; geteuid for the
    /// "not root" warning; socket/setsockopt/sendto/recv for
    /// NETLINK_SOCK_DIAG; connect/poll/getsockopt/getsockname for the port sweep, which skips the per-socket objects and
    /// thread-pool hops of System.Net.Sockets that dominate the cost of 65,535 connects on loopback; if_indextoname for
    /// the device a socket is bound to (NetworkInterface has no index lookup and lists every device to find one).
    /// </summary>
    /// <remarks>
    /// "libc" resolves to libc.so.6 on Linux under both PowerShell 7 and the .NET runtime; callers catch
    /// DllNotFoundException/EntryPointNotFoundException where an older or other libc may lack a function.
    /// Errors come back through <see cref="Marshal.GetLastWin32Error"/> (SetLastError = true), as errno.
    /// </remarks>
    internal static class LibC
    {
        public const int SC_CLK_TCK = 2;

        public const int O_RDONLY = 0;
        public const int O_DIRECTORY = 0x10000;
        public const int O_CLOEXEC = 0x80000;

        public const int SEEK_SET = 0;

        public const int AF_INET = 2;
        public const int AF_INET6 = 10;
        public const int AF_NETLINK = 16;

        public const int SOCK_STREAM = 1;
        public const int SOCK_RAW = 3;
        public const int SOCK_NONBLOCK = 0x800;
        public const int SOCK_CLOEXEC = 0x80000;

        public const int NETLINK_SOCK_DIAG = 4;

        public const int SOL_SOCKET = 1;
        public const int SO_REUSEADDR = 2;
        public const int SO_ERROR = 4;
        public const int SO_RCVBUF = 8;
        public const int SO_LINGER = 13;

        public const short POLLOUT = 0x004;

        /// <summary>struct pollfd { int fd; short events; short revents; }</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct pollfd
        {
            public int fd;
            public short events;
            public short revents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr readlink([MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer, IntPtr size);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr readlinkat(int dirfd, byte* path, byte* buffer, IntPtr size);

        /// <summary>With resolved = NULL the result is malloc'd: the caller frees it.</summary>
        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath([MarshalAs(UnmanagedType.LPStr)] string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int openat(int dirfd, [MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr read(int fd, byte* buffer, IntPtr count);

        [DllImport("libc", SetLastError = true)]
        public static extern long lseek(int fd, long offset, int whence);

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
        public static extern int getsockopt(int fd, int level, int name, ref int value, ref int length);

        [DllImport("libc", SetLastError = true)]
        public static extern int getsockname(int fd, byte[] address, ref int length);

        [DllImport("libc", SetLastError = true)]
        public static extern int connect(int fd, byte[] address, int addressLength);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll([In, Out] pollfd[] fds, ulong count, int timeoutMs);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr sendto(int fd, byte* buffer, IntPtr length, int flags, byte* address, int addressLength);

        /// <summary>IF_NAMESIZE, the buffer <see cref="if_indextoname"/> writes into (name and NUL).</summary>
        public const int IF_NAMESIZE = 16;

        /// <summary>The name of an interface of this network namespace; IntPtr.Zero when the index names none.</summary>
        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr if_indextoname(uint ifindex, byte[] ifname);

        [DllImport("libc", SetLastError = true)]
        public static extern unsafe IntPtr recv(int fd, byte* buffer, IntPtr length, int flags);
    }
}
