using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The fast Linux source: NETLINK_SOCK_DIAG dumps (what `ss` uses). TCP states are pushed down to the kernel,
    /// so a listeners-only query never walks the established hash. Throws <see cref="SocketTableUnavailableException"/>
    /// when netlink cannot be used, so the inventory falls back to /proc/net.
    /// </summary>
    internal sealed class NetlinkSockDiagTable : ISocketTable
    {
        /// <summary>Each recv() returns one datagram of at most ~32 KiB; the rest of the buffer is headroom.</summary>
        internal const int ReceiveBufferLength = 256 * 1024;

        private const int SocketReceiveBuffer = 1024 * 1024;

        // One buffer and one address cache per thread, reused across reads: a warm session pays for neither again.
        [ThreadStatic]
        private static byte[]? _buffer;

        [ThreadStatic]
        private static AddressCache? _addresses;

        private static int _sequence;

        public string Name => "netlink sock_diag";

        public bool CanResolveOwners => true;

        /// <summary>How many recv() calls the last read made on this thread (for the benchmark's profile).</summary>
        public int LastReceiveCount { get; private set; }

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            var rows = new List<SocketRecord>();
            var dumps = Dumps(request);
            if (dumps.Count == 0)
            {
                return rows;
            }

            var buffer = _buffer ??= new byte[ReceiveBufferLength];
            var parser = new SockDiagReplyParser(_addresses ??= new AddressCache());
            int fd = Open();
            LastReceiveCount = 0;
            try
            {
                foreach (var dump in dumps)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    uint sequence = unchecked((uint)Interlocked.Increment(ref _sequence));
                    Send(fd, buffer, dump.Family, dump.Protocol, dump.States, sequence);
                    var protocol = dump.Protocol == SockDiagWire.IPPROTO_TCP ? TransportProtocol.Tcp : TransportProtocol.Udp;
                    bool done = false;
                    while (!done)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int n = Receive(fd, buffer);
                        LastReceiveCount++;
                        if (n == 0)
                        {
                            throw new SocketTableUnavailableException("The netlink socket closed before the sock_diag dump ended.");
                        }

                        try
                        {
                            done = parser.Parse(buffer, 0, n, sequence, protocol, rows);
                        }
                        catch (NetlinkErrorException e)
                        {
                            throw new SocketTableUnavailableException($"netlink sock_diag cannot dump {Describe(dump)}: {e.Message}", e);
                        }
                        catch (FormatException e)
                        {
                            throw new SocketTableUnavailableException($"netlink sock_diag sent an unreadable answer for {Describe(dump)}: {e.Message}", e);
                        }
                    }
                }
            }
            finally
            {
                LibC.close(fd);
            }

            return rows;
        }

        /// <summary>The dumps one request needs, as (family, protocol, idiag_states). Internal for tests.</summary>
        internal static List<(byte Family, byte Protocol, uint States)> Dumps(SocketTableRequest request)
        {
            var dumps = new List<(byte, byte, uint)>(4);
            if (request.IncludeTcp)
            {
                uint tcp = TcpStates(request.TcpStates);
                if (tcp != 0)
                {
                    if (request.IncludeIPv4) dumps.Add((SockDiagWire.AF_INET, SockDiagWire.IPPROTO_TCP, tcp));
                    if (request.IncludeIPv6) dumps.Add((SockDiagWire.AF_INET6, SockDiagWire.IPPROTO_TCP, tcp));
                }
            }

            if (request.IncludeUdp)
            {
                uint udp = request.UdpBoundOnly ? SockDiagWire.UdpUnconnectedStates : SockDiagWire.AllStates;
                if (request.IncludeIPv4) dumps.Add((SockDiagWire.AF_INET, SockDiagWire.IPPROTO_UDP, udp));
                if (request.IncludeIPv6) dumps.Add((SockDiagWire.AF_INET6, SockDiagWire.IPPROTO_UDP, udp));
            }

            return dumps;
        }

        internal static uint TcpStates(ISet<SocketState>? states)
        {
            if (states == null)
            {
                return SockDiagWire.AllStates;
            }

            uint mask = 0;
            foreach (var state in states)
            {
                mask |= LinuxSocketStates.TcpStateMask(state);
            }

            return mask;
        }

        private static int Open()
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

            return fd;
        }

        private static unsafe void Send(int fd, byte[] buffer, byte family, byte protocol, uint states, uint sequence)
        {
            int length = SockDiagWire.WriteDumpRequest(buffer, 0, family, protocol, states, sequence);
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
                fixed (byte* data = buffer)
                {
                    sent = LibC.sendto(fd, data, (IntPtr)length, 0, address, 12).ToInt64();
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

        private static unsafe int Receive(int fd, byte[] buffer)
        {
            while (true)
            {
                long n;
                fixed (byte* data = buffer)
                {
                    n = LibC.recv(fd, data, (IntPtr)buffer.Length, 0).ToInt64();
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

        private static string Describe((byte Family, byte Protocol, uint States) dump) =>
            (dump.Protocol == SockDiagWire.IPPROTO_TCP ? "TCP" : "UDP") + (dump.Family == SockDiagWire.AF_INET ? "/IPv4" : "/IPv6");
    }
}
