using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Conflicts;
using LoopbackTools.Containers;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Namespaces;
using LoopbackTools.Native;
using LoopbackTools.Ranges;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>
    /// Real network namespaces (unshare by a child, ip netns add) with real listeners in them, read by entering them on a
    /// dedicated thread and, as a reader without the right to enter would, through /proc/PID/net. Needs root, as CI
    /// runs; everything made is removed by the test.
    /// </summary>
    public class NamespaceLiveTests
    {
        private static bool IsRoot => LibC.geteuid() == 0;

        private static EndpointInventory Inventory() => new EndpointInventory(
            SocketTables.ForCurrentPlatform(),
            new ProcFdSocketOwnerResolver(),
            PortClassifier.ForCurrentPlatform(),
            () => new ContainerAttributor(new ContainerSources()));

        private static NamespaceSelection Select(params ulong[] inodes) =>
            new NamespaceSelection(inodes.Select(i => NamespaceSpec.OfInode(i.ToString(), i)).ToList());

        [Fact]
        public void Enumerates_process_and_named_namespaces_and_pins_a_process_to_its_namespace()
        {
            if (!IsRoot)
            {
                return; // making namespaces needs root; CI runs as root
            }

            using var named = new NamedNetns();
            using var child = LabProcess.Start("new");
            var directory = new NamespaceDirectory();

            var all = directory.Enumerate(CancellationToken.None, out _);

            Assert.True(all[0].IsCurrent);
            Assert.Equal(directory.CurrentInode(), all[0].Inode);
            var ofName = Assert.Single(all, n => n.Inode == named.Inode);
            Assert.Contains(named.Name, ofName.Names);
            var ofChild = Assert.Single(all, n => n.Inode == child.NamespaceInode);
            Assert.Contains(child.Pid, ofChild.ProcessIds);
            Assert.Equal(all.Count, all.Select(n => n.Inode).Distinct().Count());

            var notFound = new List<NamespaceSpec>();
            var pinned = directory.Pin(NamespaceSelection.Parse(new[] { child.Pid.ToString(), named.Name, "lbt-no-such-namespace" }), notFound);
            Assert.Equal(new[] { NamespaceSpecKind.Inode, NamespaceSpecKind.Name }, pinned!.Specs.Select(s => s.Kind));
            Assert.Equal(child.NamespaceInode, pinned.Specs[0].Inode);
            Assert.Equal("lbt-no-such-namespace", Assert.Single(notFound).Text);
            Assert.Null(directory.Pin(NamespaceSelection.Parse(new[] { "999999999" }), new List<NamespaceSpec>()));
        }

        [Fact]
        public void Reads_each_namespace_inside_it_with_owners_and_keeps_rows_apart()
        {
            if (!IsRoot)
            {
                return;
            }

            // The same port in two namespaces and on the host: three sockets that do not conflict.
            using var named = new NamedNetns();
            using var host = new TcpListener(IPAddress.Loopback, 0);
            host.Start();
            int port = ((IPEndPoint)host.LocalEndpoint).Port;
            var env = new Dictionary<string, string> { ["LBT_BIND"] = "0.0.0.0", ["LBT_PORT"] = port.ToString() };
            using var own = LabProcess.Start("new", environment: env);
            using var inNamed = LabProcess.Start("netns:" + named.Name, environment: env);
            own.Listen();
            inNamed.Listen();
            ulong current = new NamespaceDirectory().CurrentInode()!.Value;

            var snapshot = Inventory().Query(new EndpointQuery
            {
                All = true,
                ListeningOnly = true,
                LocalPorts = new HashSet<int> { port },
                NetworkNamespaces = Select(current, own.NamespaceInode, named.Inode),
            });

            Assert.Equal(new[] { current, own.NamespaceInode, named.Inode }.OrderBy(i => i == current ? 0UL : i),
                snapshot.Namespaces.Select(n => n.Inode!.Value));
            Assert.Contains("in 3 network namespaces", snapshot.Source);
            Assert.DoesNotContain(snapshot.Warnings, w => w.Contains("namespace", StringComparison.Ordinal));
            var rows = snapshot.Endpoints.Where(e => e.Protocol == TransportProtocol.Tcp).ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal(current, rows[0].NetworkNamespace);
            Assert.Equal(Environment.ProcessId, rows[0].ProcessId);
            var ofOwn = Assert.Single(rows, r => r.NetworkNamespace == own.NamespaceInode);
            Assert.Equal(own.Pid, ofOwn.ProcessId);
            Assert.Equal(Exposure.AllInterfaces, ofOwn.Exposure);
            Assert.Equal(inNamed.Pid, Assert.Single(rows, r => r.NetworkNamespace == named.Inode).ProcessId);

            var conflicts = ConflictQuery.Scan(
                Inventory(), new[] { TransportProtocol.Tcp }, PortEnvironment.ForCurrentPlatform(), CancellationToken.None,
                Select(current, own.NamespaceInode, named.Inode));
            Assert.DoesNotContain(conflicts.Results, c => c.Port == port && c.Kind == ConflictKind.SharedPort);
            Assert.All(conflicts.Results, c => Assert.NotNull(c.NetworkNamespace));
        }

        [Fact]
        public void A_device_a_socket_is_bound_to_is_named_in_the_namespace_the_socket_lives_in()
        {
            if (!IsRoot)
            {
                return;
            }

            // Inside a fresh namespace the veth ends are indexes 2 and 3; here those indexes are other devices (or none).
            using var named = new NamedNetns();
            string device = "lbtv" + Guid.NewGuid().ToString("N").Substring(0, 8);
            named.Exec("ip", "link", "add", device, "type", "veth", "peer", "name", device + "p");
            var env = new Dictionary<string, string> { ["LBT_BIND"] = "0.0.0.0", ["LBT_DEVICE"] = device };
            using var inNamed = LabProcess.Start("netns:" + named.Name, environment: env);
            int port = inNamed.Listen();

            var snapshot = Inventory().Query(new EndpointQuery
            {
                All = true,
                ListeningOnly = true,
                LocalPorts = new HashSet<int> { port },
                NetworkNamespaces = Select(named.Inode),
            });

            var row = Assert.Single(snapshot.Endpoints, e => e.Protocol == TransportProtocol.Tcp && e.NetworkNamespace == named.Inode);
            Assert.Equal(device, row.Interface);
            Assert.Equal(Exposure.SpecificInterface, row.Exposure);
            Assert.Equal(inNamed.Pid, row.ProcessId);
        }

        [Fact]
        public void Without_the_right_to_enter_reads_proc_pid_net_and_says_so_once()
        {
            if (!IsRoot)
            {
                return;
            }

            using var child = LabProcess.Start("new");
            int port = child.Listen();
            var table = new NamespaceSocketTable(
                SocketTables.ForCurrentPlatform(), Select(child.NamespaceInode), new NamespaceDirectory(), canEnter: false, "/proc");
            var request = new SocketTableRequest();

            var rows = table.Read(request, CancellationToken.None);

            var row = Assert.Single(rows, r => r.LocalPort == port && r.State == SocketState.Listen);
            Assert.Equal(child.NamespaceInode, row.NetworkNamespace);
            Assert.Equal(0UL, row.CgroupId); // /proc/PID/net has no cgroup ids; only netlink reports them
            var warning = Assert.Single(request.Warnings);
            Assert.StartsWith("Not root: 1 other network namespace was read from /proc/PID/net without entering", warning);
            Assert.Contains("through /proc/PID/net", table.Name);
            Assert.Null(Assert.Single(table.Namespaces).PortSettings);
        }

        [Fact]
        public void Entering_reads_the_namespaces_own_port_settings_and_a_name_alone_needs_entering()
        {
            if (!IsRoot)
            {
                return;
            }

            using var named = new NamedNetns();
            named.Exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=41000 41099");
            named.Exec("sysctl", "-q", "-w", "net.ipv4.ip_unprivileged_port_start=80");
            var host = PortEnvironment.ForCurrentPlatform();

            var entered = new NamespaceSocketTable(SocketTables.ForCurrentPlatform(), Select(named.Inode), new NamespaceDirectory(), true, "/proc");
            var request = new SocketTableRequest();
            entered.Read(request, CancellationToken.None);

            Assert.Empty(request.Warnings);
            var settings = Assert.Single(entered.Namespaces).PortSettings!;
            var environment = settings.Apply(host);
            var range = environment.EphemeralRange(TransportProtocol.Tcp);
            Assert.Equal((41000, 41099), (range.StartPort, range.EndPort));
            Assert.Equal(79, environment.FindRange(TransportProtocol.Tcp, 79, PortRangeKind.Privileged)!.EndPort);
            var hostRange = host.EphemeralRange(TransportProtocol.Tcp);
            Assert.NotEqual((41000, 41099), (hostRange.StartPort, hostRange.EndPort));

            var outside = new NamespaceSocketTable(SocketTables.ForCurrentPlatform(), Select(named.Inode), new NamespaceDirectory(), false, "/proc");
            var skipped = new SocketTableRequest();
            Assert.Empty(outside.Read(skipped, CancellationToken.None));
            var warning = Assert.Single(skipped.Warnings);
            Assert.Contains($"1 network namespace that cannot be read: net:[{named.Inode}] ({named.Name}): no process", warning);
            Assert.Empty(outside.Namespaces);
        }

        [Fact]
        public void A_namespace_gone_since_it_was_named_is_a_warning_not_a_failure()
        {
            if (!IsRoot)
            {
                return;
            }

            ulong gone;
            using (var named = new NamedNetns())
            {
                gone = named.Inode;
            }

            var table = new NamespaceSocketTable(SocketTables.ForCurrentPlatform(), Select(gone), new NamespaceDirectory(), true, "/proc");
            var request = new SocketTableRequest();

            Assert.Empty(table.Read(request, CancellationToken.None));
            Assert.Equal($"No network namespace matches net:[{gone}] any more.", Assert.Single(request.Warnings));
        }

        [Fact]
        public void The_entry_thread_comes_back_and_the_process_stays_where_it_was()
        {
            if (!IsRoot)
            {
                return;
            }

            using var child = LabProcess.Start("new");
            var directory = new NamespaceDirectory();
            ulong before = directory.CurrentInode()!.Value;
            var info = Assert.Single(directory.Enumerate(CancellationToken.None, out _), n => n.Inode == child.NamespaceInode);

            var results = NamespaceEntry.ForEach(new[] { info, info }, _ => directory.CurrentInode(), CancellationToken.None);

            Assert.All(results, r => Assert.Null(r.Problem));
            Assert.All(results, r => Assert.Equal(child.NamespaceInode, r.Value));
            Assert.Equal(before, directory.CurrentInode());
            Assert.Equal(before, NamespaceScope.HostNamespace);
        }

        [Fact]
        public void Several_entry_threads_answer_for_each_namespace_in_order()
        {
            if (!IsRoot)
            {
                return;
            }

            using var a = LabProcess.Start("new");
            using var b = LabProcess.Start("new");
            using var c = LabProcess.Start("new");
            var directory = new NamespaceDirectory();
            var all = directory.Enumerate(CancellationToken.None, out _);
            var chosen = new[] { c, a, b, a }.Select(p => all.Single(n => n.Inode == p.NamespaceInode)).ToList();

            var results = NamespaceEntry.ForEach(chosen, _ => directory.CurrentInode(), CancellationToken.None, "/proc", threads: 3);

            Assert.Equal(new[] { c, a, b, a }.Select(p => (ulong?)p.NamespaceInode), results.Select(r => r.Value));
            Assert.All(results, r => Assert.Null(r.Problem));
        }

        [Fact]
        public void A_socket_reports_the_cgroup_its_creator_was_in()
        {
            if (!IsRoot)
            {
                return;
            }

            using var cgroups = new FakeCgroups();
            using var child = LabProcess.Start("new");
            cgroups.Place(child.Pid, "system.slice/lbt-cgroup-id.service");
            int port = child.Listen();
            ulong id = FileInode.Of(cgroups.V2Folder("system.slice/lbt-cgroup-id.service"))!.Value;

            var table = new NamespaceSocketTable(
                SocketTables.ForCurrentPlatform(), Select(child.NamespaceInode), new NamespaceDirectory(), true, "/proc");
            var rows = table.Read(new SocketTableRequest(), CancellationToken.None);

            Assert.Equal(id, Assert.Single(rows, r => r.LocalPort == port).CgroupId);
            var paths = CgroupIdMap.Resolve(cgroups.V2Root, new[] { id });
            Assert.Equal($"/{cgroups.Top}/system.slice/lbt-cgroup-id.service", paths[id]);
        }
    }
}
