using System;
using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Linux.Netlink;
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

        // One buffer and one address cache per thread, reused across reads: a warm session pays for neither again.
        [ThreadStatic]
        private static byte[]? _buffer;

        [ThreadStatic]
        private static AddressCache? _addresses;

        private static int _sequence;

        private readonly Func<ISockDiagTransport> _open;

        public NetlinkSockDiagTable()
            : this(SockDiagSocket.Open)
        {
        }

        /// <summary>For tests: a transport that replays crafted datagrams instead of the kernel's socket.</summary>
        internal NetlinkSockDiagTable(Func<ISockDiagTransport> open)
        {
            _open = open;
        }

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
            var addresses = _addresses ??= new AddressCache();
            LastReceiveCount = 0;
            using var transport = _open();
            var interrupted = new List<string>();
            foreach (var dump in dumps)
            {
                // NLM_F_DUMP_INTR: the table changed while the kernel walked it, so the answer may miss or repeat a
                // socket. Like ss (iproute2), ask once more; a second interrupted answer is kept, with a warning.
                int first = rows.Count;
                if (Dump(transport, buffer, new SockDiagReplyParser(addresses), dump, rows, cancellationToken))
                {
                    rows.RemoveRange(first, rows.Count - first);
                    if (Dump(transport, buffer, new SockDiagReplyParser(addresses), dump, rows, cancellationToken))
                    {
                        interrupted.Add(Describe(dump));
                    }
                }
            }

            if (interrupted.Count > 0)
            {
                request.Warnings.Add($"The kernel's {string.Join(", ", interrupted)} socket table changed while it was read, twice in a row "
                    + "(netlink NLM_F_DUMP_INTR): sockets opened or closed meanwhile may be missing or listed twice.");
            }

            return rows;
        }

        /// <summary>One dump request and its answer into <paramref name="rows"/>; true when the kernel marked it interrupted.</summary>
        private bool Dump(
            ISockDiagTransport transport,
            byte[] buffer,
            SockDiagReplyParser parser,
            (byte Family, byte Protocol, uint States) dump,
            List<SocketRecord> rows,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            uint sequence = unchecked((uint)Interlocked.Increment(ref _sequence));
            int length = SockDiagWire.WriteDumpRequest(buffer, 0, dump.Family, dump.Protocol, dump.States, sequence);
            transport.Send(buffer, length);
            var protocol = dump.Protocol == SockDiagWire.IPPROTO_TCP ? TransportProtocol.Tcp : TransportProtocol.Udp;
            bool done = false;
            while (!done)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = transport.Receive(buffer);
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

            return parser.Interrupted;
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

        private static string Describe((byte Family, byte Protocol, uint States) dump) =>
            (dump.Protocol == SockDiagWire.IPPROTO_TCP ? "TCP" : "UDP") + (dump.Family == SockDiagWire.AF_INET ? "/IPv4" : "/IPv6");
    }
}
