using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    /// <summary>
    /// Wait-LocalPort's decisions against real sockets. A socket bound but not yet listening reserves its port (no
    /// other program can take it) while connects to it are refused; Listen() later opens it: a server that starts late.
    /// </summary>
    public class PortWaiterTests
    {
        private static readonly LocalHostGuard Guard = LocalHostGuard.ForThisMachine();

        [Fact]
        public void A_port_that_starts_listening_late_is_met_once_it_answers_with_the_open_address()
        {
            using var server = Bound(IPAddress.Loopback);
            var wait = new PortWait(Host("localhost", IPAddress.Loopback), Port(server), TransportProtocol.Tcp, untilClosed: false);
            var clock = Stopwatch.StartNew();
            var opener = Later(700, () => server.Listen(16));

            var events = Run(new[] { wait }, TimeSpan.FromSeconds(60));
            opener.Join();

            var met = Assert.Single(events, e => e.Kind == PortWaitEventKind.Met);
            Assert.DoesNotContain(events, e => e.Kind == PortWaitEventKind.TimedOut);
            var result = Assert.Single(met.Results);
            Assert.Equal(PortTestStatus.Open, result.Status);
            Assert.Equal("127.0.0.1", result.Address);
            Assert.Equal(Environment.ProcessId, result.ProcessId);
            Assert.True(clock.ElapsedMilliseconds >= 600, $"met after {clock.ElapsedMilliseconds} ms, before the listener existed");
            Assert.Contains(events, e => e.Kind == PortWaitEventKind.Progress && e.Text!.Contains("to answer"));
        }

        [Fact]
        public void With_closed_the_wait_ends_when_no_address_answers_any_more()
        {
            var server = Bound(IPAddress.Loopback);
            server.Listen(16);
            var wait = new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(server), TransportProtocol.Tcp, untilClosed: true);
            var closer = Later(700, server.Dispose);
            var clock = Stopwatch.StartNew();

            var events = Run(new[] { wait }, TimeSpan.FromSeconds(60));
            closer.Join();

            var met = Assert.Single(events, e => e.Kind == PortWaitEventKind.Met);
            Assert.All(met.Results, r => Assert.False(r.IsOpen));
            Assert.Equal(PortTestStatus.Refused, Assert.Single(met.Results).Status);
            Assert.True(clock.ElapsedMilliseconds >= 600, $"met after {clock.ElapsedMilliseconds} ms, while the port still answered");
        }

        [Fact]
        public void The_timeout_reports_each_port_still_awaited_with_what_the_last_probe_saw()
        {
            using var never = Bound(IPAddress.Loopback);
            using var open = Bound(IPAddress.Loopback);
            open.Listen(16);
            var waits = new[]
            {
                new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(never), TransportProtocol.Tcp, false),
                new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(open), TransportProtocol.Tcp, false),
            };
            var clock = Stopwatch.StartNew();

            var events = Run(waits, TimeSpan.FromSeconds(1));

            Assert.Equal(Port(open), Assert.Single(events, e => e.Kind == PortWaitEventKind.Met).Wait!.Port);
            var timedOut = Assert.Single(events, e => e.Kind == PortWaitEventKind.TimedOut);
            Assert.Equal(Port(never), timedOut.Wait!.Port);
            Assert.Equal($"127.0.0.1 port {Port(never)}/TCP did not answer within 1 s: the last probe found 127.0.0.1 Refused.", timedOut.Text);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 30);
            Assert.Equal(PortWaitEventKind.TimedOut, events.Last().Kind);
        }

        [Fact]
        public void A_port_held_without_answering_is_not_closed()
        {
            // Backlog 0 holds one unaccepted connection; Linux then drops further SYNs: probes time out, the port is held.
            using var full = Bound(IPAddress.Loopback);
            full.Listen(0);
            using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            filler.Connect(IPAddress.Loopback, Port(full));
            var wait = new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(full), TransportProtocol.Tcp, untilClosed: true);

            var events = Run(new[] { wait }, TimeSpan.FromSeconds(1));

            Assert.DoesNotContain(events, e => e.Kind == PortWaitEventKind.Met);
            var timedOut = Assert.Single(events, e => e.Kind == PortWaitEventKind.TimedOut);
            Assert.Equal(PortTestStatus.TimedOut, Assert.Single(timedOut.Results).Status);
        }

        [Fact]
        public void A_closed_wait_that_times_out_names_who_still_answers()
        {
            using var server = Bound(IPAddress.Loopback);
            server.Listen(16);
            var wait = new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(server), TransportProtocol.Tcp, untilClosed: true);

            var timedOut = Assert.Single(Run(new[] { wait }, TimeSpan.FromMilliseconds(500)), e => e.Kind == PortWaitEventKind.TimedOut);

            Assert.Equal(Environment.ProcessId, Assert.Single(timedOut.Results).ProcessId);
            Assert.StartsWith($"127.0.0.1 port {Port(server)}/TCP still answered after 0.5 s: the last probe found 127.0.0.1 Open (", timedOut.Text);
            Assert.EndsWith($", PID {Environment.ProcessId}).", timedOut.Text);
        }

        [Fact]
        public void Localhost_opens_when_any_address_answers_and_a_split_between_families_is_a_warning()
        {
            if (!Socket.OSSupportsIPv6)
            {
                return;
            }

            using var v4 = Bound(IPAddress.Loopback);
            v4.Listen(16);
            var host = Host("localhost", IPAddress.IPv6Loopback, IPAddress.Loopback);
            var wait = new PortWait(host, Port(v4), TransportProtocol.Tcp, false);

            var events = Run(new[] { wait }, TimeSpan.FromSeconds(30));

            var met = Assert.Single(events, e => e.Kind == PortWaitEventKind.Met);
            Assert.Equal("127.0.0.1", Assert.Single(met.Results).Address);
            Assert.Equal(new[] { "::1", "127.0.0.1" }, wait.LastRound.Select(r => r.Address));
            Assert.Contains(events, e => e.Kind == PortWaitEventKind.Warning && e.Text!.Contains("refused on ::1"));
        }

        [Fact]
        public void Cancelling_ends_the_wait_at_once_without_a_timeout_error()
        {
            using var never = Bound(IPAddress.Loopback);
            var wait = new PortWait(Host("127.0.0.1", IPAddress.Loopback), Port(never), TransportProtocol.Tcp, false);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var waiter = new PortWaiter(new[] { wait }, null, TimeSpan.FromSeconds(10), Guard);
            var clock = Stopwatch.StartNew();

            var events = waiter.Run(cancel.Token).ToList();

            Assert.DoesNotContain(events, e => e.Kind == PortWaitEventKind.TimedOut || e.Kind == PortWaitEventKind.Met);
            // A generous bound: the wait sleeps 10 s between rounds, and cancelling must cut that sleep short.
            Assert.True(clock.Elapsed.TotalSeconds < 8, $"took {clock.Elapsed.TotalSeconds:F1} s");
        }

        [Fact]
        public void An_address_the_guard_refuses_is_never_probed()
        {
            var strict = new LocalHostGuard(Array.Empty<IPAddress>());
            var wait = new PortWait(Host("elsewhere", IPAddress.Parse("192.0.2.200")), 80, TransportProtocol.Tcp, false);
            var waiter = new PortWaiter(new[] { wait }, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), strict);

            Assert.Throws<NotLocalHostException>(() => waiter.Run(CancellationToken.None).ToList());
        }

        [Theory]
        [InlineData(false, new[] { PortTestStatus.Refused, PortTestStatus.Open }, true)]
        [InlineData(false, new[] { PortTestStatus.Refused, PortTestStatus.TimedOut }, false)]
        [InlineData(true, new[] { PortTestStatus.Refused, PortTestStatus.Unreachable }, true)]
        [InlineData(true, new[] { PortTestStatus.Refused, PortTestStatus.TimedOut }, false)]
        [InlineData(true, new[] { PortTestStatus.Refused, PortTestStatus.Open }, false)]
        [InlineData(true, new[] { PortTestStatus.Error, PortTestStatus.Refused }, false)]
        public void Open_is_any_address_answering_closed_is_every_address_refusing(bool untilClosed, PortTestStatus[] statuses, bool met)
        {
            var wait = new PortWait(Host("localhost", IPAddress.IPv6Loopback, IPAddress.Loopback), 8080, TransportProtocol.Tcp, untilClosed);
            var round = statuses.Select((s, i) => new PortTestResult { Address = i == 0 ? "::1" : "127.0.0.1", Port = 8080, Status = s }).ToList();
            Assert.Equal(met, wait.Record(round));
            Assert.Equal(untilClosed ? 2 : statuses.Count(s => s == PortTestStatus.Open), wait.Answer().Count);
        }

        private static List<PortWaitEvent> Run(IReadOnlyList<PortWait> waits, TimeSpan timeout) =>
            new PortWaiter(waits, timeout, TimeSpan.FromMilliseconds(100), Guard).Run(CancellationToken.None).ToList();

        private static Thread Later(int delayMs, Action action)
        {
            var thread = new Thread(() => { Thread.Sleep(delayMs); action(); }) { IsBackground = true };
            thread.Start();
            return thread;
        }

        private static ResolvedHost Host(string name, params IPAddress[] addresses) => new ResolvedHost(name, addresses, Array.Empty<string>());

        private static Socket Bound(IPAddress address)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return socket;
        }

        private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
