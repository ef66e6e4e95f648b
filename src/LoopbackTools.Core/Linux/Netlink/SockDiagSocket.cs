using System;
using System.Globalization;
using System.Runtime.InteropServices;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>The kernel's NETLINK_SOCK_DIAG socket, through libc (socket/sendto/recv/close).</summary>
    internal sealed class SockDiagSocket : ISockDiagTransport
    {
        private const int SocketReceiveBuffer = 1024 * 1024;

        private int _fd;

        private SockDiagSocket(int fd)
        {
            _fd = fd;
        }

        /// <exception cref="SocketTableUnavailableException">No netlink here (no libc, or the socket is refused).</exception>
        public static SockDiagSocket Open()
        {
            int fd;
            try
            {
                fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_SOCK_DIAG);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                throw new SocketTableUnavailableException("netlink sock_diag needs libc: " + e.Message, e);
            }

            if (fd < 0)
            {
                int errno = Marshal.GetLastWin32Error();
                throw new SocketTableUnavailableException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Cannot open a NETLINK_SOCK_DIAG socket: errno {0} ({1}).",
                    errno,
                    Errno.Name(errno)));
            }

            // Best effort: a bigger queue lets the kernel stage the next datagram while we parse this one.
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new[] { SocketReceiveBuffer }, sizeof(int));
            return new SockDiagSocket(fd);
        }

        public unsafe void Send(byte[] request, int length)
        {
            // struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups; }: pid 0 is the kernel.
            byte* address = stackalloc byte[12];
            for (int i = 0; i < 12; i++)
            {
                address[i] = 0;
            }

            *(ushort*)address = LibC.AF_NETLINK;
            while (true)
            {
                long sent;
                fixed (byte* data = request)
                {
                    sent = LibC.sendto(_fd, data, (IntPtr)length, 0, address, 12).ToInt64();
                }

                if (sent == length)
                {
                    return;
                }

                int errno = Marshal.GetLastWin32Error();
                if (sent < 0 && errno == Errno.EINTR)
                {
                    continue;
                }

                throw new SocketTableUnavailableException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Cannot send a sock_diag request: errno {0} ({1}).",
                    errno,
                    Errno.Name(errno)));
            }
        }

        public unsafe int Receive(byte[] buffer)
        {
            while (true)
            {
                long n;
                fixed (byte* data = buffer)
                {
                    n = LibC.recv(_fd, data, (IntPtr)buffer.Length, 0).ToInt64();
                }

                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastWin32Error();
                if (errno != Errno.EINTR)
                {
                    throw new SocketTableUnavailableException(string.Format(
                        CultureInfo.InvariantCulture,
                        "Cannot receive the sock_diag dump: errno {0} ({1}).",
                        errno,
                        Errno.Name(errno)));
                }
            }
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                LibC.close(_fd);
                _fd = -1;
            }
        }
    }
}
