using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
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
    /// An owner is the process that held the socket, read whole, or nothing: real holders that exit, run another program
    /// or have their pid taken by another process between the fd walk and the reading of their details (the resolver's
    /// AfterWalk hook makes that happen at the worst moment instead of hoping for it), and a churn of real children.
    /// </summary>
    public class OwnerIdentityTests
    {
        /// <summary>Listens, prints the port, then on a line from stdin does what that line says.</summary>
        private const string ObedientListener = @"
import os, socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
print(s.getsockname()[1], flush=True)
what = sys.stdin.readline().strip()
if what == 'exec':
    os.execv('/bin/sleep', ['sleep', '120'])
os._exit(0)
";

        /// <summary>
        /// PID 1 of a private PID namespace: starts a listener (prints "pid port"); on "reuse" kills it, sets ns_last_pid so
        /// that the next process gets its pid, starts sleep and prints sleep's pid.
        /// </summary>
        private const string NamespaceInit = @"
import os, subprocess, sys
LISTENER = ""import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(120)""
holder = subprocess.Popen([sys.executable, '-c', LISTENER], stdout=subprocess.PIPE, text=True)
print(holder.pid, holder.stdout.readline().strip(), flush=True)
for line in sys.stdin:
    if line.strip() == 'reuse':
        old = holder.pid
        holder.kill(); holder.wait()
        with open('/proc/sys/kernel/ns_last_pid', 'w') as f:
            f.write(str(old - 1))
        impostor = subprocess.Popen(['sleep', '120'])
        print(impostor.pid, flush=True)
";

        /// <summary>Forks short-lived children that each listen for 0-2 s (about a read on a busy machine), eight
        /// at a time, for 60 s.</summary>
        private const string Churn = @"
import ctypes, os, random, socket, time
end = time.time() + 60
print('ready', flush=True)
kids = set()
while time.time() < end:
    while len(kids) < 8:
        pid = os.fork()
        if pid == 0:
            ctypes.CDLL(None).prctl(1, 9)
            s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
            time.sleep(random.random() * 2)
            os._exit(0)
        kids.add(pid)
    pid, _ = os.wait()
    kids.discard(pid)
# lbt-churn
";

        private static List<SocketRecord> RowsOnPort(int port) =>
            new NetlinkSockDiagTable().Read(SocketTableRequest.Everything(), CancellationToken.None)
                .Where(r => r.LocalPort == port && r.State == SocketState.Listen && r.Protocol == TransportProtocol.Tcp
                    && r.LocalAddress.Equals(IPAddress.Loopback))
                .ToList();

        private static void WaitUntil(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting until " + what);
                Thread.Sleep(10);
            }
        }

        [Fact]
        public void A_holder_that_runs_another_program_after_the_walk_is_dropped_not_named_after_that_program()
        {
            using var child = ChildProcess.Python(ObedientListener);
            var rows = RowsOnPort(int.Parse(child.FirstLine, CultureInfo.InvariantCulture));
            var resolver = new ProcFdSocketOwnerResolver();
            resolver.AfterWalk = () =>
            {
                child.Send("exec");
                WaitUntil(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep", "the holder runs sleep");
            };

            var lookup = resolver.Resolve(rows, CancellationToken.None);

            // Same pid, same start time, another program: its close-on-exec listener is gone, and sleep never held it.
            Assert.Null(Assert.Single(lookup.Holders));
            Assert.Equal(1, lookup.ExitedCount);
            Assert.Equal(0, lookup.MissingCount);
            Assert.Equal(1, resolver.LastDroppedHolders);
        }

        [Fact]
        public void A_holder_that_exits_after_the_walk_is_dropped_and_counted_in_the_warning()
        {
            using var child = ChildProcess.Python(ObedientListener);
            int port = int.Parse(child.FirstLine, CultureInfo.InvariantCulture);
            var resolver = new ProcFdSocketOwnerResolver();
            resolver.AfterWalk = () =>
            {
                child.Send("exit");
                child.WaitForExit();
            };
            var inventory = new EndpointInventory(new ISocketTable[] { new NetlinkSockDiagTable() }, resolver, PortClassifier.ForCurrentPlatform());

            var snapshot = inventory.Query(new EndpointQuery { ListeningOnly = true, LocalPorts = new HashSet<int> { port } });

            var endpoint = Assert.Single(snapshot.Endpoints);
            Assert.Null(endpoint.ProcessId);
            Assert.Null(endpoint.ProcessName);
            Assert.Empty(endpoint.ProcessIds);
            Assert.Equal(EndpointInventory.ExitedWarning(1, 1), Assert.Single(snapshot.Warnings));
            Assert.StartsWith("1 of 1 sockets have no owner: their process exited during the scan", snapshot.Warnings[0]);
        }

        [Fact]
        public void A_pid_reused_inside_a_private_pid_namespace_never_names_the_impostor()
        {
            using var ns = ChildProcess.Command("unshare", info =>
            {
                foreach (var a in new[] { "--pid", "--fork", "--mount-proc", "python3", "-c", NamespaceInit })
                {
                    info.ArgumentList.Add(a);
                }
            });
            var first = ns.FirstLine.Split(' ').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            int holderPid = first[0];
            // The namespace's own /proc, as its PID 1 sees it: pids there are the namespace's, where reuse is easy to force.
            int init = int.Parse(File.ReadAllText($"/proc/{ns.Pid}/task/{ns.Pid}/children").Trim(), CultureInfo.InvariantCulture);
            string procRoot = $"/proc/{init}/root/proc";
            var rows = RowsOnPort(first[1]);

            // Control: without interference the walk inside the namespace names the holder.
            var plain = new ProcFdSocketOwnerResolver(procRoot, 2).Resolve(rows, CancellationToken.None);
            var holder = Assert.Single(plain.Owners);
            Assert.Equal(holderPid, holder!.ProcessId);
            Assert.StartsWith("python3", holder.Name);

            int impostor = 0;
            var resolver = new ProcFdSocketOwnerResolver(procRoot, 2);
            resolver.AfterWalk = () =>
            {
                ns.Send("reuse");
                impostor = int.Parse(ns.ReadLine(), CultureInfo.InvariantCulture);
            };

            var lookup = resolver.Resolve(rows, CancellationToken.None);

            Assert.Equal(holderPid, impostor); // the premise: sleep now has the holder's pid
            Assert.Equal("sleep", File.ReadAllText($"{procRoot}/{impostor}/comm").Trim());
            Assert.Null(Assert.Single(lookup.Holders));
            Assert.Equal(1, lookup.ExitedCount);
            Assert.Equal(1, resolver.LastDroppedHolders);
        }

        [Fact]
        public void A_churn_of_short_lived_holders_leaves_no_owner_half_read()
        {
            using var churn = ChildProcess.Python(Churn);
            var resolver = new ProcFdSocketOwnerResolver();
            var inventory = new EndpointInventory(new ISocketTable[] { new NetlinkSockDiagTable() }, resolver, PortClassifier.ForCurrentPlatform());
            var query = new EndpointQuery { ListeningOnly = true, Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp } };
            int churnRows = 0;
            int dropped = 0;

            for (int run = 0; run < 20; run++)
            {
                var snapshot = inventory.Query(query);
                dropped += resolver.LastDroppedHolders;
                foreach (var e in snapshot.Endpoints.Where(e => e.ProcessId.HasValue))
                {
                    Assert.False(e.ProcessName == null, $"PID {e.ProcessId} without a name on {e}");
                    Assert.NotNull(e.UserName);
                    Assert.NotNull(e.ProcessStartTime);
                    Assert.Equal(e.ProcessId, e.ProcessIds[0]);
                    if (e.CommandLine != null && e.CommandLine.Contains("lbt-churn") && e.ProcessId != churn.Pid)
                    {
                        Assert.NotNull(e.ProcessPath);
                        churnRows++;
                    }
                }

                if (snapshot.Endpoints.Any(e => e.ProcessId == null && e.State == SocketState.Listen))
                {
                    // A socket whose holder exited mid-scan is counted in a warning, never shown half read.
                    Assert.NotEmpty(snapshot.Warnings);
                }
            }

            // The test exercised something: short-lived children were seen holding listeners (and some were dropped).
            Assert.True(churnRows > 0, $"no churn child was seen in 20 reads ({dropped} holders dropped)");
        }
    }
}
