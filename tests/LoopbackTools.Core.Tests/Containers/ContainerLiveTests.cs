using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Audit;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Classification;
using LoopbackTools.Containers;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Namespaces;
using LoopbackTools.Native;
using LoopbackTools.Ranges;
using LoopbackTools.Sockets;
using LoopbackTools.Tests.Namespaces;
using Xunit;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>
    /// Container attribution on real processes in real network namespaces, placed in real cgroups laid out as Docker,
    /// Kubernetes (containerd) and systemd lay them out, with engine state files in the engines' formats in a temporary
    /// folder (no engine runs in CI) and engines' host-side proxies played by python3 under their program names.
    /// Needs root; every namespace, cgroup, process and file made is removed by the test.
    /// </summary>
    public class ContainerLiveTests
    {
        private const string PodUid = "2c1a7e8b-5f3d-4b6a-9c0e-1d2f3a4b5c6d";
        private const string PodSlice = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2c1a7e8b_5f3d_4b6a_9c0e_1d2f3a4b5c6d.slice";

        private static bool IsRoot => LibC.geteuid() == 0;

        private static EndpointSnapshot Read(FakeEngineState state, FakeCgroups cgroups, params ulong[] namespaces) =>
            new EndpointInventory(
                    SocketTables.ForCurrentPlatform(),
                    new ProcFdSocketOwnerResolver(),
                    PortClassifier.ForCurrentPlatform(),
                    () => new ContainerAttributor(state.Sources(cgroups.V2Root)))
                .Query(new EndpointQuery
                {
                    All = true,
                    NetworkNamespaces = new NamespaceSelection(namespaces.Select(i => NamespaceSpec.OfInode(i.ToString(), i)).ToList()),
                });

        private static Dictionary<string, string> Env(string bind = "127.0.0.1", string port = "0", bool timeWait = false) =>
            new Dictionary<string, string>
        {
            ["LBT_BIND"] = bind,
            ["LBT_PORT"] = port,
            ["LBT_TIMEWAIT"] = timeWait ? "1" : "0",
        };

        [Fact]
        public void A_docker_container_is_named_from_its_cgroup_and_dockers_state_and_so_is_its_namespaces_time_wait()
        {
            if (!IsRoot)
            {
                return;
            }

            using var state = new FakeEngineState();
            using var cgroups = new FakeCgroups();
            using var container = LabProcess.Start("new", environment: Env(timeWait: true));
            string id = FakeEngineState.NewId();
            cgroups.Place(container.Pid, $"system.slice/docker-{id}.scope");
            int port = container.Listen();
            state.AddDocker(id, "lbt-web", "198.18.90.2");

            var rows = Read(state, cgroups, container.NamespaceInode).Endpoints.Where(e => e.LocalPort == port || e.RemotePort == port).ToList();

            var listener = Assert.Single(rows, r => r.State == SocketState.Listen);
            Assert.Equal((ContainerRuntime?)ContainerRuntime.Docker, listener.ContainerRuntime);
            Assert.Equal(id, listener.ContainerId);
            Assert.Equal("lbt-web", listener.ContainerName);
            Assert.Null(listener.Unit);
            Assert.Equal(container.NamespaceInode, listener.NetworkNamespace);
            Assert.Equal(container.Pid, listener.ProcessId);

            // TIME_WAIT belongs to no process and carries no cgroup: its namespace, all of one container, says whose it is.
            var timeWait = Assert.Single(rows, r => r.State == SocketState.TimeWait);
            Assert.Null(timeWait.ProcessId);
            Assert.Equal(id, timeWait.ContainerId);
            Assert.Equal("lbt-web", timeWait.ContainerName);
        }

        [Fact]
        public void A_pods_containers_share_a_namespace_each_named_and_what_no_process_holds_is_the_pods()
        {
            if (!IsRoot)
            {
                return;
            }

            using var state = new FakeEngineState();
            using var cgroups = new FakeCgroups();
            using var pod = new NamedNetns();
            using var pause = LabProcess.Start("netns:" + pod.Name);
            using var app = LabProcess.Start("netns:" + pod.Name, environment: Env(bind: "0.0.0.0", timeWait: true));
            string pauseId = FakeEngineState.NewId();
            string appId = FakeEngineState.NewId();
            cgroups.Place(pause.Pid, $"{PodSlice}/cri-containerd-{pauseId}.scope");
            cgroups.Place(app.Pid, $"{PodSlice}/cri-containerd-{appId}.scope");
            int pausePort = pause.Listen();
            int appPort = app.Listen();
            state.AddContainerd(pauseId, null, PodUid, sandbox: true);
            state.AddContainerd(appId, "web", PodUid);

            var rows = Read(state, cgroups, pod.Inode).Endpoints;

            var web = Assert.Single(rows, r => r.LocalPort == appPort && r.State == SocketState.Listen);
            Assert.Equal((ContainerRuntime?)ContainerRuntime.Containerd, web.ContainerRuntime);
            Assert.Equal(("web", appId, PodUid), (web.ContainerName, web.ContainerId, web.PodUid));
            var sandbox = Assert.Single(rows, r => r.LocalPort == pausePort);
            Assert.Equal((null, pauseId, PodUid), (sandbox.ContainerName, sandbox.ContainerId, sandbox.PodUid));
            var timeWait = Assert.Single(rows, r => r.State == SocketState.TimeWait && r.RemotePort == appPort);
            Assert.Equal(
                ((ContainerRuntime?)ContainerRuntime.Containerd, null, PodUid), (timeWait.ContainerRuntime, timeWait.ContainerId, timeWait.PodUid));
            Assert.All(rows, r => Assert.Equal(pod.Inode, r.NetworkNamespace));
        }

        [Fact]
        public void A_service_in_a_namespace_of_its_own_is_its_unit()
        {
            if (!IsRoot)
            {
                return;
            }

            using var state = new FakeEngineState();
            using var cgroups = new FakeCgroups();
            using var service = LabProcess.Start("new");
            string unit = "lbt-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".service";
            cgroups.Place(service.Pid, "system.slice/" + unit);
            int port = service.Listen();

            var row = Assert.Single(Read(state, cgroups, service.NamespaceInode).Endpoints, r => r.LocalPort == port);

            Assert.Equal(unit, row.Unit);
            Assert.Null(row.ContainerRuntime);
            Assert.Null(row.ContainerId);
        }

        [Fact]
        public void Host_sockets_of_docker_proxy_conmon_and_slirp4netns_are_their_containers()
        {
            if (!IsRoot)
            {
                return;
            }

            using var state = new FakeEngineState();
            using var cgroups = new FakeCgroups();
            string dockerId = FakeEngineState.NewId();
            string podmanId = FakeEngineState.NewId();
            string rootlessId = FakeEngineState.NewId();
            state.AddDocker(dockerId, "lbt-proxied", "198.18.91.2");
            state.AddDocker(rootlessId, "lbt-rootless", "198.18.91.3");
            using var dockerProxy = LabProcess.Start("host", "docker-proxy", new[]
            {
                "-proto", "tcp", "-host-ip", "127.0.0.1", "-host-port", "0", "-container-ip", "198.18.91.2", "-container-port", "8080",
            });
            using var conmon = LabProcess.Start("host", "conmon", new[] { "-c", podmanId, "-n", "lbt-podman", "--exit-command", "/usr/bin/podman" });
            using var pod = new NamedNetns();
            using var rootless = LabProcess.Start("netns:" + pod.Name);
            cgroups.Place(rootless.Pid, $"user.slice/docker-{rootlessId}.scope");
            rootless.Listen();
            using var slirp = LabProcess.Start(
                "host", "slirp4netns", new[] { "--mtu=65520", "-c", "-e", "3", "--netns-type=path", "/run/netns/" + pod.Name, "tap0" });
            int proxyPort = dockerProxy.Listen();
            int conmonPort = conmon.Listen();
            int slirpPort = slirp.Listen();

            var rows = Read(state, cgroups, new NamespaceDirectory().CurrentInode()!.Value).Endpoints;

            var proxied = Assert.Single(rows, r => r.LocalPort == proxyPort && r.State == SocketState.Listen);
            Assert.Equal("docker-proxy", proxied.ProcessName);
            Assert.Equal((dockerId, "lbt-proxied", "198.18.91.2:8080"), (proxied.ContainerId, proxied.ContainerName, proxied.PublishedTo));
            var monitored = Assert.Single(rows, r => r.LocalPort == conmonPort && r.State == SocketState.Listen);
            Assert.Equal(((ContainerRuntime?)ContainerRuntime.Podman, podmanId, "lbt-podman"),
                (monitored.ContainerRuntime, monitored.ContainerId, monitored.ContainerName));
            var forwarded = Assert.Single(rows, r => r.LocalPort == slirpPort && r.State == SocketState.Listen);
            Assert.Equal((rootlessId, "lbt-rootless"), (forwarded.ContainerId, forwarded.ContainerName));
        }

        [Fact]
        public void An_audit_judges_a_container_inside_its_namespace_and_says_whether_the_host_publishes_the_port()
        {
            if (!IsRoot)
            {
                return;
            }

            using var state = new FakeEngineState();
            using var cgroups = new FakeCgroups();
            using var published = LabProcess.Start("new", environment: Env(bind: "0.0.0.0"));
            using var unpublished = LabProcess.Start("new", environment: Env(bind: "0.0.0.0"));
            string publishedId = FakeEngineState.NewId();
            string unpublishedId = FakeEngineState.NewId();
            cgroups.Place(published.Pid, $"system.slice/docker-{publishedId}.scope");
            cgroups.Place(unpublished.Pid, $"system.slice/docker-{unpublishedId}.scope");
            int port = published.Listen();
            int quietPort = unpublished.Listen();
            state.AddDocker(publishedId, "lbt-public", "198.18.92.2", ($"{port}/tcp", "127.0.0.1", "18080"));
            state.AddDocker(unpublishedId, "lbt-private", "198.18.92.3");
            var snapshot = Read(state, cgroups, published.NamespaceInode, unpublished.NamespaceInode);
            var context = new AuditContext(snapshot.Endpoints, false, SensitiveServiceCatalogue.Default, new[] { ExposedListenerRule.RuleName })
            {
                Environment = PortEnvironment.ForCurrentPlatform(),
                Namespaces = snapshot.Namespaces,
                Containers = state.Sources(),
            };

            var findings = AuditRunner.Run(new IAuditRule[] { new ExposedListenerRule() }, context);

            var open = Assert.Single(findings, f => f.LocalPort == port && f.NetworkNamespace == published.NamespaceInode);
            Assert.Equal(("lbt-public", publishedId, "127.0.0.1:18080"), (open.ContainerName, open.ContainerId, open.PublishedOnHost));
            Assert.Contains("inside container lbt-public (Docker)", open.Message);
            Assert.Contains("the host publishes this port as 127.0.0.1:18080", open.Message);
            var quiet = Assert.Single(findings, f => f.LocalPort == quietPort && f.NetworkNamespace == unpublished.NamespaceInode);
            Assert.Equal(string.Empty, quiet.PublishedOnHost);
            Assert.Contains("the host does not publish this port", quiet.Message);
        }
    }
}
