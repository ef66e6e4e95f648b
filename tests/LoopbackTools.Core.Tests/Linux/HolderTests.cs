using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// Sockets that several real processes hold: a pre-fork server, SCM_RIGHTS hand-offs, copies at high fd numbers.
    /// One row each, every holder listed, the same primary holder on every read.
    /// </summary>
    public class HolderTests
    {
        // PR_SET_PDEATHSIG(SIGKILL): a forked child dies with its parent, whatever kills the parent.
        private const string DieWithParent = "ctypes.CDLL(None).prctl(1, 9)";

        /// <summary>A master that listens, then forks three workers that inherit the listener. Prints "port w1 w2 w3".</summary>
        private const string PreForkScript = @"
import ctypes, os, socket, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
kids = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        " + DieWithParent + @"
        time.sleep(120); os._exit(0)
    kids.append(pid)
print(s.getsockname()[1], *kids, flush=True)
time.sleep(120)
";

        /// <summary>A parent that forks a child first, then listens and hands the listener to it with SCM_RIGHTS.</summary>
        private const string HandToChildScript = @"
import ctypes, os, socket, time
a, b = socket.socketpair()
pid = os.fork()
if pid == 0:
    " + DieWithParent + @"
    a.close()
    msg, fds, flags, addr = socket.recv_fds(b, 16, 1)
    held = socket.socket(fileno=fds[0])
    b.send(b'k')
    time.sleep(120); os._exit(0)
b.close()
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
socket.send_fds(a, [b'x'], [s.fileno()])
a.recv(1)
print(s.getsockname()[1], pid, flush=True)
time.sleep(120)
";

        /// <summary>Waits on an abstract unix socket for a listener sent with SCM_RIGHTS; prints "ready", then "got".</summary>
        private const string ReceiverScript = @"
import socket, sys, time
srv = socket.socket(socket.AF_UNIX); srv.bind('\0' + sys.argv[1]); srv.listen()
print('ready', flush=True)
c, _ = srv.accept()
msg, fds, flags, addr = socket.recv_fds(c, 16, 1)
held = socket.socket(fileno=fds[0])
print('got', flush=True)
time.sleep(120)
";

        /// <summary>Listens and sends the listener to the receiver named by argv[1]; prints the port.</summary>
        private const string SenderScript = @"
import socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
c = socket.socket(socket.AF_UNIX); c.connect('\0' + sys.argv[1])
socket.send_fds(c, [b'x'], [s.fileno()])
print(s.getsockname()[1], flush=True)
time.sleep(120)
";

        /// <summary>
        /// Listener L at a low fd in the parent and at fd 1600 in a forked child; listener H at fd 1500 in both.
        /// Prints "portL portH child".
        /// </summary>
        private const string HighFdScript = @"
import ctypes, os, socket, time
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
h = socket.socket(); h.bind(('127.0.0.1', 0)); h.listen()
os.dup2(h.fileno(), 1500); h.close()
pid = os.fork()
if pid == 0:
    " + DieWithParent + @"
    os.dup2(l.fileno(), 1600); l.close()
    time.sleep(120); os._exit(0)
time.sleep(0.3)
print(l.getsockname()[1], socket.socket(fileno=os.dup(1500)).getsockname()[1], pid, flush=True)
time.sleep(120)
";

        private static EndpointInventory Inventory(ProcFdSocketOwnerResolver? resolver = null) =>
            new EndpointInventory(
                new ISocketTable[] { new NetlinkSockDiagTable() }, resolver ?? new ProcFdSocketOwnerResolver(), PortClassifier.ForCurrentPlatform());

        private static EndpointQuery Listener(int port) => new EndpointQuery
        {
            ListeningOnly = true,
            Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp },
            LocalPorts = new HashSet<int> { port },
        };

        private static int[] Numbers(string line) => line.Split(' ').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();

        /// <summary>Ten reads: one row each time, with these holders, the first of them primary.</summary>
        private static void AssertTenReads(int port, int[] expected)
        {
            var inventory = Inventory();
            for (int run = 0; run < 10; run++)
            {
                var endpoint = Assert.Single(inventory.Query(Listener(port)).Endpoints);
                Assert.Equal(expected[0], endpoint.ProcessId);
                Assert.Equal(expected, endpoint.ProcessIds);
                Assert.Equal(expected.Length, endpoint.ProcessCount);
                Assert.StartsWith("python3", endpoint.ProcessName);
            }
        }

        [Fact]
        public void A_pre_fork_server_is_one_row_with_every_holder_and_the_master_primary_in_10_of_10_reads()
        {
            using var master = ChildProcess.Python(PreForkScript);
            var line = Numbers(master.FirstLine);
            var workers = line.Skip(1).OrderBy(p => p).ToArray();

            AssertTenReads(line[0], new[] { master.Pid }.Concat(workers).ToArray());
        }

        [Fact]
        public void The_process_id_filter_matches_any_holder_and_the_row_still_names_the_master()
        {
            using var master = ChildProcess.Python(PreForkScript);
            var line = Numbers(master.FirstLine);
            var query = Listener(line[0]);
            query.ProcessIds = new HashSet<int> { line[2] };

            var endpoint = Assert.Single(Inventory().Query(query).Endpoints);

            Assert.Equal(master.Pid, endpoint.ProcessId);
            Assert.Equal(4, endpoint.ProcessCount);
            Assert.Contains(line[2], endpoint.ProcessIds);
        }

        [Fact]
        public void A_listener_handed_to_a_child_with_scm_rights_lists_both_and_the_parent_first()
        {
            using var parent = ChildProcess.Python(HandToChildScript);
            var line = Numbers(parent.FirstLine);

            AssertTenReads(line[0], new[] { parent.Pid, line[1] });
        }

        [Fact]
        public void A_listener_handed_between_unrelated_processes_names_the_earliest_started()
        {
            string name = "lbt-holders-" + Guid.NewGuid().ToString("N");
            using var receiver = ChildProcess.Python(ReceiverScript, info => info.ArgumentList.Add(name));
            using var sender = ChildProcess.Python(SenderScript, info => info.ArgumentList.Add(name));
            Assert.Equal("got", receiver.ReadLine());
            int port = int.Parse(sender.FirstLine, CultureInfo.InvariantCulture);
            Assert.True(receiver.StartTime < sender.StartTime);

            // Neither is the other's ancestor: the receiver started first.
            AssertTenReads(port, new[] { receiver.Pid, sender.Pid });
        }

        [Fact]
        public void A_sockets_holders_do_not_depend_on_which_other_sockets_the_query_wants()
        {
            using var parent = ChildProcess.Python(HighFdScript);
            var line = Numbers(parent.FirstLine);
            int child = line[2];
            var resolver = new ProcFdSocketOwnerResolver();
            var inventory = Inventory(resolver);

            // L alone: found in the first band (the parent's low fd), the walk stops there.
            var alone = Assert.Single(inventory.Query(Listener(line[0])).Endpoints);
            Assert.Equal(1, resolver.LastBandsRead);

            // L with H, which only fds above 1023 hold: the walk reads on to H's band and meets the child's copy of L at
            // fd 1600, but L keeps the holders of its lowest band, as in the query above.
            var both = new EndpointQuery { ListeningOnly = true, LocalPorts = new HashSet<int> { line[0], line[1] } };
            var endpoints = inventory.Query(both).Endpoints;
            Assert.True(resolver.LastBandsRead > 1);
            var l = Assert.Single(endpoints, e => e.LocalPort == line[0]);
            var h = Assert.Single(endpoints, e => e.LocalPort == line[1]);

            Assert.Equal(new[] { parent.Pid }, alone.ProcessIds);
            Assert.Equal(new[] { parent.Pid }, l.ProcessIds);
            Assert.Equal(new[] { parent.Pid, child }, h.ProcessIds);

            // With a single band every copy is one band: both holders of L.
            var oneBand = new ProcFdSocketOwnerResolver("/proc", 2, new[] { 0 });
            var everyCopy = Assert.Single(Inventory(oneBand).Query(Listener(line[0])).Endpoints);
            Assert.Equal(new[] { parent.Pid, child }, everyCopy.ProcessIds);
        }

        [Fact]
        public void One_and_several_threads_find_the_same_holders_in_the_same_order()
        {
            using var master = ChildProcess.Python(PreForkScript);
            int port = Numbers(master.FirstLine)[0];
            var rows = new NetlinkSockDiagTable().Read(SocketTableRequest.Everything(), CancellationToken.None)
                .Where(r => r.LocalPort == port && r.State == SocketState.Listen).ToList();

            var single = new ProcFdSocketOwnerResolver("/proc", 1).Resolve(rows, CancellationToken.None);
            var several = new ProcFdSocketOwnerResolver("/proc", 4).Resolve(rows, CancellationToken.None);

            Assert.Equal(4, single.Holders[0]!.ProcessIds.Count);
            Assert.Equal(single.Holders[0]!.ProcessIds, several.Holders[0]!.ProcessIds);
        }
    }
}
