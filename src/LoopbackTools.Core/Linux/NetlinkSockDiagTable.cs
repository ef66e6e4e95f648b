using System;
using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The fast Linux source: NETLINK_SOCK_DIAG dumps (what `ss` uses). TCP states are pushed down to the kernel in the
    /// request, ports and loopback addresses as a filter program (<see cref="SockDiagFilter"/>), so a narrow query never
    /// pulls the whole table through user space. Throws <see cref="SocketTableUnavailableException"/> when netlink
    /// cannot be used, so the inventory falls back to /proc/net.
    /// </summary>
    /// <remarks>
    /// Datagrams are parsed on a second thread while this one waits in recv() for the next (<see cref="DumpParseWorker"/>);
    /// a dump that fits one datagram is parsed in place. A kernel that refuses the filter program (EINVAL from its audit)
    /// gets the same dump without it, and the caller's own filters do the narrowing: they run on every row either way.
    /// </remarks>
    internal sealed class NetlinkSockDiagTable : ISocketRowSource
    {
        /// <summary>The receive buffer length: a dump datagram is at most ~32 KiB.</summary>
        internal const int ReceiveBufferLength = DumpParseWorker.BufferLength;

        // One address cache per reading thread, reused across reads: a warm session does not build its addresses again.
        [ThreadStatic]
        private static AddressCache? _addresses;

        private static int _sequence;

        private readonly Func<ISockDiagTransport> _open;
        private readonly Func<SocketTableRequest, byte, byte[]?> _compile;

        public NetlinkSockDiagTable()
            : this(SockDiagSocket.Open)
        {
        }

        /// <summary>For tests: a transport that replays crafted datagrams instead of the kernel's socket.</summary>
        internal NetlinkSockDiagTable(Func<ISockDiagTransport> open)
            : this(open, SockDiagFilter.Compile)
        {
        }

        /// <summary>For tests: another filter compiler, e.g. one whose programs the kernel refuses.</summary>
        internal NetlinkSockDiagTable(Func<ISockDiagTransport> open, Func<SocketTableRequest, byte, byte[]?> compile)
        {
            _open = open;
            _compile = compile;
        }

        /// <summary>
        /// True to parse every datagram on the reading thread, one after the other (the benchmark's one-thread baseline);
        /// false (the default) parses on a second thread while the kernel builds the next datagram.
        /// </summary>
        internal static bool ParseOnReadingThread { get; set; }

        public string Name => "netlink sock_diag";

        public bool CanResolveOwners => true;

        /// <summary>How many recv() calls the last read made (for the benchmark's profile).</summary>
        public int LastReceiveCount { get; private set; }

        /// <summary>How many dumps of the last read carried a filter program that the kernel ran.</summary>
        public int LastFilteredDumps { get; private set; }

        /// <summary>True when the kernel refused a filter program in the last read, so the dump was taken whole.</summary>
        public bool LastFilterRefused { get; private set; }

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            var rows = new List<SocketRecord>();
            Read(request, new SocketRecordSink(rows), cancellationToken);
            return rows;
        }

        public void Read(SocketTableRequest request, ISocketRowSink sink, CancellationToken cancellationToken)
        {
            LastReceiveCount = 0;
            LastFilteredDumps = 0;
            LastFilterRefused = false;
            var dumps = Dumps(request);
            if (dumps.Count == 0)
            {
                return;
            }

            var addresses = _addresses ??= new AddressCache();
            var programs = new Dictionary<byte, byte[]?>(2);
            bool refused = false;
            var interrupted = new List<string>();
            using var transport = _open();
            using var worker = new DumpParseWorker();
            foreach (var dump in dumps)
            {
                if (!programs.TryGetValue(dump.Family, out var program))
                {
                    program = _compile(request, dump.Family);
                    programs[dump.Family] = program;
                }

                // NLM_F_DUMP_INTR: the table changed while the kernel walked it, so the answer may miss or repeat a
                // socket. Like ss (iproute2), ask once more; a second interrupted answer is kept, with a warning.
                for (int attempt = 1; ; )
                {
                    int mark = sink.Count;
                    var parser = new SockDiagReplyParser(addresses);
                    var filter = refused ? null : program;
                    try
                    {
                        Dump(transport, worker, parser, dump, filter, sink, cancellationToken);
                    }
                    catch (NetlinkErrorException e) when (filter != null && e.Errno == Errno.EINVAL)
                    {
                        // The kernel's audit refused the program (an old kernel without an op we use): take the dump
                        // whole for the rest of this read; the caller's filters narrow it.
                        refused = true;
                        LastFilterRefused = true;
                        sink.Truncate(mark);
                        continue;
                    }
                    catch (NetlinkErrorException e)
                    {
                        throw new SocketTableUnavailableException($"netlink sock_diag cannot dump {Describe(dump)}: {e.Message}", e);
                    }
                    catch (FormatException e)
                    {
                        throw new SocketTableUnavailableException(
                            $"netlink sock_diag sent an unreadable answer for {Describe(dump)}: {e.Message}", e);
                    }

                    if (filter != null)
                    {
                        LastFilteredDumps++;
                    }

                    if (!parser.Interrupted)
                    {
                        break;
                    }

                    if (attempt == 2)
                    {
                        interrupted.Add(Describe(dump));
                        break;
                    }

                    sink.Truncate(mark);
                    attempt++;
                }
            }

            if (interrupted.Count > 0)
            {
                request.Warnings.Add($"The kernel's {string.Join(", ", interrupted)} socket table changed while it was read, twice in a row "
                    + "(netlink NLM_F_DUMP_INTR): sockets opened or closed meanwhile may be missing or listed twice.");
            }
        }

        /// <summary>
        /// One dump request and its answer into <paramref name="sink"/>: datagrams after the first go to the worker while
        /// this thread receives the next. Returns once every row of the answer is in the sink.
        /// </summary>
        private void Dump(
            ISockDiagTransport transport,
            DumpParseWorker worker,
            SockDiagReplyParser parser,
            (byte Family, byte Protocol, uint States) dump,
            byte[]? program,
            ISocketRowSink sink,
            CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            uint sequence = unchecked((uint)Interlocked.Increment(ref _sequence));
            var request = new byte[SockDiagWire.RequestLength + (program == null ? 0 : SockDiagWire.AttributeHeaderLength + program.Length)];
            int length = SockDiagWire.WriteDumpRequest(request, 0, dump.Family, dump.Protocol, dump.States, sequence, program);
            transport.Send(request, length);
            var protocol = dump.Protocol == SockDiagWire.IPPROTO_TCP ? TransportProtocol.Tcp : TransportProtocol.Udp;
            for (bool first = true; ; first = false)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = worker.TakeBuffer();
                int n = transport.Receive(buffer);
                LastReceiveCount++;
                if (n <= 0 || n >= buffer.Length)
                {
                    worker.ReturnBuffer(buffer);
                    throw new SocketTableUnavailableException(n <= 0
                        ? "The netlink socket closed before the sock_diag dump ended."
                        : "netlink sock_diag sent a datagram larger than the receive buffer.");
                }

                bool end = SockDiagReplyParser.EndsAnswer(buffer, n, sequence);
                if ((first && end) || ParseOnReadingThread)
                {
                    // A small table: one datagram, parsed here without waking the worker.
                    try
                    {
                        parser.Parse(buffer, 0, n, sequence, protocol, sink);
                    }
                    finally
                    {
                        worker.ReturnBuffer(buffer);
                    }

                    if (end)
                    {
                        return;
                    }

                    continue;
                }

                worker.Post(buffer, n, sequence, protocol, parser, sink);
                if (end || worker.Failed)
                {
                    break;
                }
            }

            worker.Drain();
        }

        /// <summary>The dumps one request needs, as (family, protocol, idiag_states). Internal for tests.</summary>
        internal static List<(byte Family, byte Protocol, uint States)> Dumps(SocketTableRequest request)
        {
            var dumps = new List<(byte, byte, uint)>(4);
            if ((request.LocalPorts != null && request.LocalPorts.Count == 0) || (request.RemotePorts != null && request.RemotePorts.Count == 0))
            {
                return dumps; // a port filter that received no ports selects nothing
            }

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
