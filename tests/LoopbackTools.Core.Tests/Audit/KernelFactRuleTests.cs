using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Audit;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Classification;
using LoopbackTools.Conflicts;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Owners;
using LoopbackTools.Ranges;
using LoopbackTools.Sockets;
using LoopbackTools.Tests.Linux;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    /// <summary>
    /// The rules that read the kernel's socket facts: ListenBacklogFull on a real listener that never accepts, and
    /// the honest wording when owners are invisible (another user's sockets seen without root).
    /// </summary>
    public class KernelFactRuleTests
    {
        private static IReadOnlyList<AuditFinding> Run(IReadOnlyList<Endpoint> listeners, string rule, ListenQueueCounters? counters = null)
        {
            var context = new AuditContext(listeners, SensitiveServiceCatalogue.Default, new[] { rule });
            if (counters != null)
            {
                context.ListenCounters = counters;
            }

            return AuditRunner.Run(new[] { AuditRuleCatalogue.Find(rule)! }, context);
        }

        private static IReadOnlyList<Endpoint> Listeners(ISocketTable source, int port) => new EndpointInventory(
                new[] { source }, new ProcFdSocketOwnerResolver(), PortClassifier.ForCurrentPlatform())
            .Query(new EndpointQuery { ListeningOnly = true, LocalPorts = new HashSet<int> { port } }).Endpoints;

        [Fact]
        public void ListenBacklogFull_is_in_the_catalogue_and_reads_listeners_only()
        {
            var rule = AuditRuleCatalogue.Find("ListenBacklogFull");
            Assert.NotNull(rule);
            Assert.False(rule!.ReadsConnections);
            Assert.Contains("ListenBacklogFull", AuditRuleCatalogue.Names);
        }

        [Fact]
        public void A_listener_that_never_accepts_and_has_its_backlog_filled_is_reported_with_the_kernel_counters()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(3);
            int port = LiveSockets.Port(listener);
            var clients = SocketFactsTests.FillAcceptQueue(listener, 8);
            try
            {
                var endpoints = SocketFactsTests.WaitFor(
                    () => Listeners(new NetlinkSockDiagTable(), port), e => e.Count == 1 && e[0].ReceiveQueue >= 4);
                // The SYNs of the clients beyond the queue were dropped: the namespace's counters have counted them.
                var counters = SocketFactsTests.WaitFor(() => ListenQueueCounters.ForCurrentPlatform()!, c => c.ListenOverflows > 0);

                var finding = Assert.Single(Run(endpoints, ListenBacklogFullRule.RuleName, counters));

                Assert.Equal(AuditSeverity.Medium, finding.Severity);
                Assert.Equal(port, finding.LocalPort);
                Assert.Equal(System.Environment.ProcessId, finding.ProcessId);
                Assert.Contains("4 connections waiting to be accepted, 133 % of its backlog of 3", finding.Message);
                Assert.Contains($"ListenOverflows {counters.ListenOverflows}", finding.Message);
            }
            finally
            {
                SocketFactsTests.Close(clients);
            }
        }

        [Fact]
        public void A_listener_with_room_left_or_a_source_without_the_backlog_is_not_reported()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(10);
            int port = LiveSockets.Port(listener);
            var clients = SocketFactsTests.FillAcceptQueue(listener, 8);
            try
            {
                var roomLeft = SocketFactsTests.WaitFor(
                    () => Listeners(new NetlinkSockDiagTable(), port), e => e.Count == 1 && e[0].ReceiveQueue >= 8);
                Assert.Equal(8u, roomLeft[0].ReceiveQueue); // 80 %: below the threshold
                Assert.Empty(Run(roomLeft, ListenBacklogFullRule.RuleName));

                // /proc/net shows the queue but not the backlog: the rule cannot judge and says nothing.
                var fallback = Listeners(new ProcNetSocketTable(), port);
                Assert.Null(fallback[0].SendQueue);
                Assert.Empty(Run(fallback, ListenBacklogFullRule.RuleName));
            }
            finally
            {
                SocketFactsTests.Close(clients);
            }
        }

        [Fact]
        public void The_netstat_counters_are_read_from_the_tcpext_pair_of_lines_and_quoted_only_when_not_zero()
        {
            const string text = "TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPHPHits\nTcpExt: 0 12 15 99\n"
                + "IpExt: InNoRoutes ListenDrops\nIpExt: 0 777\n";
            var counters = ListenQueueCounters.Parse(text);
            Assert.Equal(12ul, counters.ListenOverflows);
            Assert.Equal(15ul, counters.ListenDrops);
            Assert.Null(ListenQueueCounters.Parse("TcpExt: ListenOverflows\nTcpExt: x\n").ListenOverflows);

            var full = AuditEndpoints.Listener("127.0.0.1", 8080, "web", pid: 5);
            full.ReceiveQueue = 129;
            full.SendQueue = 128;
            var quoted = Assert.Single(Run(new[] { full }, ListenBacklogFullRule.RuleName, counters));
            Assert.Contains("ListenOverflows 12 and ListenDrops 15 since boot", quoted.Message);
            var quiet = new ListenQueueCounters { ListenOverflows = 0, ListenDrops = 0, Somaxconn = 128 };
            var finding = Assert.Single(Run(new[] { full }, ListenBacklogFullRule.RuleName, quiet));
            Assert.DoesNotContain("ListenOverflows", finding.Message);
            Assert.Contains("net.core.somaxconn, 128 here", finding.Remedy);
        }

        [Fact]
        public void A_port_only_match_without_a_visible_owner_is_medium_and_says_it_is_unconfirmed()
        {
            // The case: a python http.server on 0.0.0.0:8001 seen without root, user from the socket uid.
            var unowned = AuditEndpoints.Listener("0.0.0.0", 8001, user: "alice");
            var finding = Assert.Single(Run(new[] { unowned }, SensitiveServiceExposedRule.RuleName));
            Assert.Equal(AuditSeverity.Medium, finding.Severity);
            Assert.Contains("unconfirmed", finding.Message);
            Assert.Contains("a socket of user alice", finding.Message);

            var owned = AuditEndpoints.Listener("0.0.0.0", 8001, "kubectl", "/usr/local/bin/kubectl", 77);
            Assert.Equal(AuditSeverity.High, Assert.Single(Run(new[] { owned }, SensitiveServiceExposedRule.RuleName)).Severity);
        }

        [Fact]
        public void Shared_port_with_invisible_owners_counts_sockets_not_processes_and_names_the_socket_user()
        {
            var sockets = Enumerable.Range(0, 3).Select(_ => AuditEndpoints.Listener("0.0.0.0", 8000, user: "alice")).ToArray();

            var conflicts = ConflictAnalyzer.Analyze(sockets, PortEnvironment.ForCurrentPlatform());
            var shared = Assert.Single(conflicts, c => c.Kind == ConflictKind.SharedPort);

            Assert.StartsWith("3 sockets listen on TCP 0.0.0.0:8000 at once", shared.Message);
            Assert.Contains("all of user alice", shared.Message);
            Assert.Contains("their processes are not visible", shared.Message);
            Assert.DoesNotContain("processes listen", shared.Message);
            Assert.DoesNotContain("unknown process", shared.Message);
            Assert.Equal(ConflictSeverity.Info, shared.Severity);
        }

        [Fact]
        public void Shared_port_with_some_owners_visible_names_them_and_counts_the_rest()
        {
            var sockets = new[]
            {
                AuditEndpoints.Listener("0.0.0.0", 8000, "gunicorn", pid: 10, user: "web"),
                AuditEndpoints.Listener("0.0.0.0", 8000, user: "web"),
                AuditEndpoints.Listener("0.0.0.0", 8000, user: "mallory"),
            };

            var conflicts = ConflictAnalyzer.Analyze(sockets, PortEnvironment.ForCurrentPlatform());
            var shared = Assert.Single(conflicts, c => c.Kind == ConflictKind.SharedPort);

            Assert.Contains("of users web and mallory", shared.Message);
            Assert.Contains("gunicorn (PID 10) holds 1 of them, and the processes behind the other 2 are not visible", shared.Message);
            Assert.Equal(ConflictSeverity.Warning, shared.Severity);
        }
    }
}
