using System;
using System.Collections.Generic;
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
    /// <summary>Owner lookup through the real /proc on sockets held by this test and by child processes it starts.</summary>
    public class OwnerResolverTests
    {
        // Only the child's own listening socket at 127.0.0.1: anything on the machine may connect to a listening port
        // (a port sweep, another test), and such a connection's server-side row has the same local port but no owner yet.
        private static List<SocketRecord> RowsOnPort(int port) =>
            new NetlinkSockDiagTable().Read(SocketTableRequest.Everything(), CancellationToken.None)
                .Where(r => r.LocalPort == port && r.State == SocketState.Listen && r.Protocol == TransportProtocol.Tcp
                    && r.LocalAddress.Equals(IPAddress.Loopback))
                .ToList();

        [Fact]
        public void A_child_process_is_resolved_with_its_identity()
        {
            using var child = ChildProcess.Python(ChildProcess.ListenerScript);
            int port = int.Parse(child.FirstLine, CultureInfo.InvariantCulture);
            var rows = RowsOnPort(port);
            var resolver = new ProcFdSocketOwnerResolver();

            var lookup = resolver.Resolve(rows, CancellationToken.None);

            var owner = Assert.Single(lookup.Owners);
            Assert.NotNull(owner);
            Assert.Equal(child.Pid, owner!.ProcessId);
            Assert.StartsWith("python3", owner.Name);
            Assert.Equal(ChildProcess.ExePath(child.Pid), owner.Path);
            Assert.Contains(" -c import socket,time;", owner.CommandLine); // python3 may be a pyenv shim that execs the full path
            Assert.Equal(Environment.UserName, owner.UserName);
            Assert.NotNull(owner.StartTime);
            Assert.InRange((owner.StartTime!.Value - child.StartTime).Duration().TotalSeconds, 0, 1.5);
            Assert.Null(lookup.MissingReason);
            Assert.Equal(1, resolver.LastBandsRead); // its listener is among its first fds: the walk ends after one band
            Assert.Equal(new[] { child.Pid }, lookup.Holders[0]!.ProcessIds);
        }

        [Fact]
        public void The_tests_own_sockets_resolve_to_its_own_pid_and_share_one_owner()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            var (client, server) = live.Connect(listener);
            var udp = live.UdpBound(IPAddress.IPv6Loopback);
            var ours = new HashSet<ulong> { LiveSockets.Inode(listener), LiveSockets.Inode(client), LiveSockets.Inode(server),
                LiveSockets.Inode(udp) };
            var rows = new NetlinkSockDiagTable().Read(SocketTableRequest.Everything(), CancellationToken.None).Where(r => ours.Contains(r.Inode))
                .ToList();
            Assert.Equal(4, rows.Count);

            var lookup = new ProcFdSocketOwnerResolver().Resolve(rows, CancellationToken.None);

            Assert.All(lookup.Owners, o => Assert.Equal(Environment.ProcessId, o!.ProcessId));
            Assert.Single(lookup.Owners.Distinct());
        }

        [Fact]
        public void A_narrow_query_stops_early_instead_of_reading_every_fd_of_the_machine()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            int port = LiveSockets.Port(listener);
            // A process with many fds: its fds above the first band (0-127) are never read.
            using var heavy = ChildProcess.Python(ChildProcess.ManyFdsScript(6000));
            var resolver = new ProcFdSocketOwnerResolver();
            var inventory = new EndpointInventory(new ISocketTable[] { new NetlinkSockDiagTable() }, resolver, PortClassifier.ForCurrentPlatform());
            var query = new EndpointQuery { ListeningOnly = true, LocalPorts = new HashSet<int> { port } };

            var snapshot = inventory.Query(query);
            long total = CountMachineFds(out long heavyFds, heavy.Pid);

            var endpoint = Assert.Single(snapshot.Endpoints);
            Assert.Equal(Environment.ProcessId, endpoint.ProcessId);
            // Our own listener sits wherever the test host's next free fd was (past 128 here): a band or two, not all five.
            Assert.True(resolver.LastStoppedEarly);
            Assert.InRange(resolver.LastBandsRead, 1, 3);
            Assert.InRange(heavyFds, 6000, 7000);
            // The heavy child's fds beyond the first band are never read: far fewer than every fd of the machine.
            Assert.True(resolver.LastFdsRead < total - 4500, $"read {resolver.LastFdsRead} fds of {total} on the machine");
        }

        [Fact]
        public void Without_wanted_inodes_nothing_is_read()
        {
            var resolver = new ProcFdSocketOwnerResolver();
            var timeWait = new SocketRecord { Protocol = TransportProtocol.Tcp, State = SocketState.TimeWait, Inode = 0 };

            var lookup = resolver.Resolve(new[] { timeWait }, CancellationToken.None);

            Assert.Null(Assert.Single(lookup.Owners));
            Assert.Equal(0, resolver.LastFdsRead);
            Assert.Null(lookup.MissingReason);
        }

        [Fact]
        public void A_socket_no_process_holds_gets_a_reason_and_vanished_pids_are_skipped()
        {
            // An inode no process holds (as for a socket closed during the scan): the walk reads everything and says why.
            var ghost = new SocketRecord { Protocol = TransportProtocol.Tcp, State = SocketState.Listen, Inode = ulong.MaxValue - 7 };
            var resolver = new ProcFdSocketOwnerResolver();

            var lookup = resolver.Resolve(new[] { ghost }, CancellationToken.None);

            Assert.Null(Assert.Single(lookup.Owners));
            Assert.False(resolver.LastStoppedEarly);
            Assert.NotNull(lookup.MissingReason);
            Assert.True(resolver.LastFdsRead > 0);
        }

        [Fact]
        public void One_and_several_threads_find_the_same_owners()
        {
            using var a = ChildProcess.Python(ChildProcess.ListenerScript);
            using var b = ChildProcess.Python(ChildProcess.ListenerScript);
            var rows = RowsOnPort(int.Parse(a.FirstLine, CultureInfo.InvariantCulture))
                .Concat(RowsOnPort(int.Parse(b.FirstLine, CultureInfo.InvariantCulture))).ToList();

            var single = new ProcFdSocketOwnerResolver("/proc", 1).Resolve(rows, CancellationToken.None);
            var several = new ProcFdSocketOwnerResolver("/proc", 3).Resolve(rows, CancellationToken.None);

            Assert.Equal(new[] { a.Pid, b.Pid }, single.Owners.Select(o => o!.ProcessId));
            Assert.Equal(new[] { a.Pid, b.Pid }, several.Owners.Select(o => o!.ProcessId));
        }

        /// <summary>Every fd of every process we can list, and those of one given process.</summary>
        private static long CountMachineFds(out long ofPid, int pid)
        {
            long total = 0;
            ofPid = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int p))
                {
                    continue;
                }

                try
                {
                    long n = Directory.EnumerateFileSystemEntries(dir + "/fd").LongCount();
                    total += n;
                    if (p == pid)
                    {
                        ofPid = n;
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                }
            }

            return total;
        }
    }
}
