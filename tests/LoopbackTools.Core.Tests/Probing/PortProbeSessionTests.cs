using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LoopbackTools.Inventory;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    /// <summary>Probes against real sockets this test opens on loopback.</summary>
    public class PortProbeSessionTests
    {
        private static readonly LocalHostGuard Guard = LocalHostGuard.ForThisMachine();

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void Reports_open_and_refused_per_address_in_request_order(string engine)
        {
            using var v4 = Listen(IPAddress.Loopback);
            int port = Port(v4);
            var results = Probe(new[]
            {
                new ProbeTarget("localhost", IPAddress.IPv6Loopback, port, TransportProtocol.Tcp),
                new ProbeTarget("localhost", IPAddress.Loopback, port, TransportProtocol.Tcp),
            }, engine: engine);

            Assert.Equal(new[] { "::1", "127.0.0.1" }, results.Select(r => r.Address));
            Assert.Equal(PortTestStatus.Refused, results[0].Status);
            Assert.Equal(IPFamily.IPv6, results[0].AddressFamily);
            Assert.Equal(PortTestStatus.Open, results[1].Status);
            Assert.True(results[1].IsOpen);
            Assert.All(results, r => Assert.Equal(port, r.Port));
            Assert.All(results, r => Assert.NotNull(r.LatencyMs));
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void A_closed_port_is_refused_at_once_not_timed_out(string engine)
        {
            int closed = ClosedTcpPort();
            var watch = Stopwatch.StartNew();
            var result = Probe(new[] { new ProbeTarget("127.0.0.1", IPAddress.Loopback, closed, TransportProtocol.Tcp) }, timeoutMs: 10000,
                engine: engine).Single();
            Assert.Equal(PortTestStatus.Refused, result.Status);
            Assert.True(watch.ElapsedMilliseconds < 5000, $"refused after {watch.ElapsedMilliseconds} ms");
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void A_full_accept_queue_times_out_after_the_timeout(string engine)
        {
            // Backlog 0 holds one unaccepted connection; Linux then drops further SYNs, so the next connect hangs.
            using var full = Listen(IPAddress.Loopback, backlog: 0);
            using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            filler.Connect(IPAddress.Loopback, Port(full));

            var result = Probe(new[] { new ProbeTarget("127.0.0.1", IPAddress.Loopback, Port(full), TransportProtocol.Tcp) }, timeoutMs: 300,
                engine: engine).Single();
            Assert.Equal(PortTestStatus.TimedOut, result.Status);
            Assert.InRange(result.LatencyMs!.Value, 300, 300 + 3000);
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void Many_ports_are_probed_in_parallel_within_the_throttle_and_each_reported_once(string engine)
        {
            using var a = Listen(IPAddress.Loopback);
            using var b = Listen(IPAddress.Loopback);
            var open = new HashSet<int> { Port(a), Port(b) };
            int low = Math.Min(Port(a), Port(b));
            var targets = Enumerable.Range(low, 300).Where(p => p <= 65535)
                .Select(p => new ProbeTarget("127.0.0.1", IPAddress.Loopback, p, TransportProtocol.Tcp)).ToList();
            var results = Probe(targets, throttle: 16, engine: engine);

            Assert.Equal(targets.Select(t => t.Port), results.Select(r => r.Port));
            foreach (int port in open.Where(p => p < low + 300))
            {
                Assert.Equal(PortTestStatus.Open, results.Single(r => r.Port == port).Status);
            }
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void Names_the_process_that_listens_when_the_table_knows_it(string engine)
        {
            using var v4 = Listen(IPAddress.Loopback);
            int port = Port(v4);
            var warnings = new List<string>();
            var table = ListeningSockets.Read(new HashSet<int> { port }, new HashSet<TransportProtocol> { TransportProtocol.Tcp }, true, warnings,
                CancellationToken.None);
            var result = Probe(new[] { new ProbeTarget("127.0.0.1", IPAddress.Loopback, port, TransportProtocol.Tcp) }, table: table, engine: engine)
                .Single();
            Assert.Equal(PortTestStatus.Open, result.Status);
            Assert.Equal(Environment.ProcessId, result.ProcessId);
            Assert.False(string.IsNullOrEmpty(result.ProcessName));
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public void Owners_read_while_probing_are_attached_to_open_results_only(string engine)
        {
            using var v4 = Listen(IPAddress.Loopback);
            int port = Port(v4);
            var ports = new HashSet<int> { port };
            var tcp = new HashSet<TransportProtocol> { TransportProtocol.Tcp };
            var bare = ListeningSockets.Read(ports, tcp, false, new List<string>(), CancellationToken.None);
            var owners = Task.Run(() => ListeningSockets.Read(ports, tcp, true, new List<string>(), CancellationToken.None));
            var session = new PortProbeSession(new[]
            {
                new ProbeTarget("localhost", IPAddress.IPv6Loopback, port, TransportProtocol.Tcp),
                new ProbeTarget("localhost", IPAddress.Loopback, port, TransportProtocol.Tcp),
            }, new ProbeOptions { TcpEngine = Engine(engine) }, Guard, bare, owners);
            session.Start(CancellationToken.None);
            var results = new List<PortTestResult>();
            while (session.TryTake(100, out var r))
            {
                if (r != null)
                {
                    results.Add(r);
                }
            }

            Assert.Null(results[0].ProcessId);
            Assert.Equal(Environment.ProcessId, results[1].ProcessId);
        }

        [Fact]
        public void Udp_is_open_when_the_table_shows_a_bound_socket()
        {
            using var bound = BindUdp(IPAddress.Loopback);
            int port = Port(bound);
            var table = ListeningSockets.Read(new HashSet<int> { port }, new HashSet<TransportProtocol> { TransportProtocol.Udp }, true,
                new List<string>(), CancellationToken.None);
            var results = Probe(new[]
            {
                new ProbeTarget("localhost", IPAddress.IPv6Loopback, port, TransportProtocol.Udp),
                new ProbeTarget("localhost", IPAddress.Loopback, port, TransportProtocol.Udp),
            }, table: table);

            Assert.Equal(PortTestStatus.Refused, results[0].Status);
            Assert.Equal(PortTestStatus.Open, results[1].Status);
            Assert.Null(results[1].LatencyMs);
            Assert.Equal(Environment.ProcessId, results[1].ProcessId);
        }

        [Fact]
        public void Udp_is_refused_on_ICMP_port_unreachable()
        {
            int closed = ClosedUdpPort();
            var result = Probe(new[] { new ProbeTarget("127.0.0.1", IPAddress.Loopback, closed, TransportProtocol.Udp) }, timeoutMs: 5000).Single();
            Assert.Equal(PortTestStatus.Refused, result.Status);
            Assert.True(result.LatencyMs < 5000);
        }

        [Fact]
        public void Udp_is_open_when_the_probe_gets_an_answer_and_timed_out_when_nothing_answers()
        {
            using var echo = BindUdp(IPAddress.Loopback);
            using var silent = BindUdp(IPAddress.Loopback);
            var replier = new Thread(() =>
            {
                var buffer = new byte[16];
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                try
                {
                    echo.ReceiveFrom(buffer, ref from);
                    echo.SendTo(new byte[] { 1 }, from);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }) { IsBackground = true };
            replier.Start();

            // No table: the verdicts below come from the probes alone.
            var results = Probe(new[]
            {
                new ProbeTarget("127.0.0.1", IPAddress.Loopback, Port(echo), TransportProtocol.Udp),
                new ProbeTarget("127.0.0.1", IPAddress.Loopback, Port(silent), TransportProtocol.Udp),
            }, timeoutMs: 400);

            Assert.Equal(PortTestStatus.Open, results[0].Status);
            Assert.Equal(PortTestStatus.TimedOut, results[1].Status);
            Assert.Contains("silent", results[1].Detail);
        }

        [Theory]
        [InlineData("Portable")]
        [InlineData("LinuxSweep")]
        public async Task Cancellation_stops_promptly_and_closes_every_socket_in_flight(string engine)
        {
            using var full = Listen(IPAddress.Loopback, backlog: 0);
            using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            filler.Connect(IPAddress.Loopback, Port(full));
            var targets = Enumerable.Repeat(0, 40).Select(_ => new ProbeTarget("127.0.0.1", IPAddress.Loopback, Port(full), TransportProtocol.Tcp))
                .ToList();
            var session = new PortProbeSession(targets, new ProbeOptions { TimeoutMs = 60000, ThrottleLimit = 20, TcpEngine = Engine(engine) }, Guard,
                ListeningSockets.Empty);
            using var cancel = new CancellationTokenSource();
            var run = session.Start(cancel.Token);

            Assert.True(WaitFor(() => SynSentTo(Port(full)) >= 20, 5000), "the probes never reached SYN_SENT");
            var watch = Stopwatch.StartNew();
            cancel.Cancel();
            Assert.Same(run, await Task.WhenAny(run, Task.Delay(5000)));
            Assert.True(watch.ElapsedMilliseconds < 5000);
            Assert.Equal(0, SynSentTo(Port(full)));
            Assert.False(session.TryTake(0, out _));
        }

        [Fact]
        public void Refuses_a_target_that_is_not_on_this_machine_before_any_socket_exists()
        {
            var targets = new[] { new ProbeTarget("192.0.2.1", IPAddress.Parse("192.0.2.1"), 80, TransportProtocol.Tcp) };
            Assert.Throws<NotLocalHostException>(() => new PortProbeSession(targets, new ProbeOptions(), Guard, ListeningSockets.Empty));
        }

        private static TcpProbeEngine Engine(string name) => (TcpProbeEngine)Enum.Parse(typeof(TcpProbeEngine), name);

        private static List<PortTestResult> Probe(IReadOnlyList<ProbeTarget> targets, int timeoutMs = 2000, int throttle = 64,
            ListeningSockets? table = null, string engine = "Automatic")
        {
            var options = new ProbeOptions { TimeoutMs = timeoutMs, ThrottleLimit = throttle, TcpEngine = Engine(engine) };
            var session = new PortProbeSession(targets, options, Guard, table ?? ListeningSockets.Empty);
            var run = session.Start(CancellationToken.None);
            var results = new List<PortTestResult>();
            var deadline = Stopwatch.StartNew();
            while (session.TryTake(100, out var result))
            {
                if (result != null)
                {
                    results.Add(result);
                }

                Assert.True(deadline.ElapsedMilliseconds < 60000, "probing did not finish within 60 s");
            }

            Assert.True(run.Wait(5000));
            Assert.Equal(targets.Count, results.Count);
            return results;
        }

        private static Socket Listen(IPAddress address, int backlog = 16)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            socket.Listen(backlog);
            return socket;
        }

        private static Socket BindUdp(IPAddress address)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, 0));
            return socket;
        }

        private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

        // A port that was just bound and released: nothing listens there (TCP bound-not-listening would also be refused).
        private static int ClosedTcpPort()
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return Port(s);
        }

        private static int ClosedUdpPort()
        {
            using var s = BindUdp(IPAddress.Loopback);
            return Port(s);
        }

        private static int SynSentTo(int port)
        {
            var query = new EndpointQuery
            {
                ResolveOwners = false,
                Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp },
                RemotePorts = new HashSet<int> { port },
                States = new HashSet<SocketState> { SocketState.SynSent },
            };
            return EndpointInventory.ForCurrentPlatform().Query(query).Endpoints.Count;
        }

        private static bool WaitFor(Func<bool> condition, int timeoutMs)
        {
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < timeoutMs)
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(20);
            }

            return condition();
        }
    }
}
