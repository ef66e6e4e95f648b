using System.Collections.Generic;
using LoopbackTools.Containers;
using Xunit;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>
    /// /proc/PID/cgroup texts for every layout the engines and systemd make: cgroup v1, v2 and hybrid; systemd and cgroupfs
    /// drivers; Docker, Podman (and its conmon), CRI-O, containerd, Kubernetes pods of each QoS class, a kind node's pods,
    /// services, user services and sessions. The Podman ones were captured on this kind of machine (Podman 4.3, hybrid
    /// cgroups, cgroupfs manager); the others are written as the engines' documentation and source lay them out.
    /// </summary>
    public class CgroupParserTests
    {
        private const string Id = "bc6f1a69001ee064876248ef9e9aa85189e0d413081821911e17d2a74874b632";
        private const string Id2 = "0f3e5a7c9b1d2f4e6a8c0b2d4f6e8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f";
        private const string Uid = "2c1a7e8b-5f3d-4b6a-9c0e-1d2f3a4b5c6d";
        private const string UidSlice = "2c1a7e8b_5f3d_4b6a_9c0e_1d2f3a4b5c6d";

        public static IEnumerable<object?[]> Layouts()
        {
            // name, text, runtime, container id, pod uid, unit, monitor
            yield return Case("Docker, systemd driver, cgroup v2",
                $"0::/system.slice/docker-{Id}.scope\n", ContainerRuntime.Docker, Id);
            yield return Case("Docker, systemd driver, hybrid (v1 controllers, name=systemd and unified)",
                $"12:pids:/system.slice/docker-{Id}.scope\n11:memory:/system.slice/docker-{Id}.scope\n"
                + $"1:name=systemd:/system.slice/docker-{Id}.scope\n0::/system.slice/docker-{Id}.scope\n", ContainerRuntime.Docker, Id);
            yield return Case("Docker, cgroupfs driver, cgroup v1",
                $"11:cpuset:/docker/{Id}\n10:memory:/docker/{Id}\n9:devices:/docker/{Id}\n2:cpu,cpuacct:/docker/{Id}\n"
                + $"1:name=systemd:/docker/{Id}\n", ContainerRuntime.Docker, Id);
            yield return Case("Docker, cgroupfs driver, cgroup v2", $"0::/docker/{Id}\n", ContainerRuntime.Docker, Id);
            yield return Case("rootless Docker under the user's systemd",
                $"0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-{Id}.scope\n", ContainerRuntime.Docker, Id);
            yield return Case("Docker in Docker: the innermost container",
                $"0::/docker/{Id2}/docker/{Id}\n", ContainerRuntime.Docker, Id);
            yield return Case("Podman, cgroupfs manager, hybrid (captured)",
                $"9:name=systemd:/libpod_parent/libpod-{Id}\n8:pids:/libpod_parent/libpod-{Id}\n7:blkio:/libpod_parent/libpod-{Id}\n"
                + $"6:freezer:/libpod_parent/libpod-{Id}\n5:devices:/libpod_parent/libpod-{Id}\n4:memory:/libpod_parent/libpod-{Id}\n"
                + $"3:cpuset:/libpod_parent/libpod-{Id}\n2:cpuacct:/libpod_parent/libpod-{Id}\n1:cpu:/libpod_parent/libpod-{Id}\n"
                + $"0::/libpod_parent/libpod-{Id}\n", ContainerRuntime.Podman, Id);
            yield return Case("Podman's conmon, cgroupfs manager, hybrid (captured): no container, no unit",
                "9:name=systemd:/\n8:pids:/libpod_parent/conmon\n7:blkio:/libpod_parent/conmon\n4:memory:/libpod_parent/conmon\n"
                + "0::/libpod_parent/conmon\n", null, null);
            yield return Case("Podman, systemd manager, cgroup v2 (init in the container subgroup)",
                $"0::/machine.slice/libpod-{Id}.scope/container\n", ContainerRuntime.Podman, Id);
            yield return Case("Podman's conmon, systemd manager",
                $"0::/machine.slice/libpod-conmon-{Id}.scope\n", ContainerRuntime.Podman, Id, monitor: true);
            yield return Case("Podman pod member, systemd manager",
                $"0::/machine.slice/machine-libpod_pod_{Id2}.slice/libpod-{Id}.scope\n", ContainerRuntime.Podman, Id);
            yield return Case("CRI-O, systemd driver, burstable pod",
                $"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{UidSlice}.slice/crio-{Id}.scope\n",
                ContainerRuntime.CriO, Id, Uid);
            yield return Case("CRI-O's conmon, systemd driver",
                $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{UidSlice}.slice/crio-conmon-{Id}.scope\n",
                ContainerRuntime.CriO, Id, Uid, monitor: true);
            yield return Case("CRI-O, cgroupfs driver, cgroup v1",
                $"10:memory:/kubepods/burstable/pod{Uid}/crio-{Id}\n1:name=systemd:/kubepods/burstable/pod{Uid}/crio-{Id}\n",
                ContainerRuntime.CriO, Id, Uid);
            yield return Case("containerd, systemd driver, besteffort pod, hybrid",
                $"1:name=systemd:/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{UidSlice}.slice/cri-containerd-{Id}.scope\n"
                + $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{UidSlice}.slice/cri-containerd-{Id}.scope\n",
                ContainerRuntime.Containerd, Id, Uid);
            yield return Case("containerd, systemd driver, guaranteed pod (no QoS slice)",
                $"0::/kubepods.slice/kubepods-pod{UidSlice}.slice/cri-containerd-{Id}.scope\n", ContainerRuntime.Containerd, Id, Uid);
            yield return Case("containerd with a systemd cgroupsPath inside its own service (slice:prefix:id)",
                $"0::/system.slice/containerd.service/kubepods-besteffort-pod{UidSlice}.slice:cri-containerd:{Id}\n",
                ContainerRuntime.Containerd, Id, Uid);
            yield return Case("Kubernetes, cgroupfs driver, burstable pod: the runtime is not in the path",
                $"11:memory:/kubepods/burstable/pod{Uid}/{Id}\n1:name=systemd:/kubepods/burstable/pod{Uid}/{Id}\n",
                ContainerRuntime.Kubernetes, Id, Uid);
            yield return Case("Kubernetes, cgroupfs driver, guaranteed pod, cgroup v2",
                $"0::/kubepods/pod{Uid}/{Id}\n", ContainerRuntime.Kubernetes, Id, Uid);
            yield return Case("a static pod: its uid is a 32-digit hash",
                "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5d3c1b2a9e8f7a6b5c4d3e2f1a0b9c8d.slice/"
                + $"cri-containerd-{Id}.scope\n", ContainerRuntime.Containerd, Id, "5d3c1b2a9e8f7a6b5c4d3e2f1a0b9c8d");
            yield return Case("a kind node's pod inside the node's Docker container: the pod's container wins",
                $"0::/docker/{Id2}/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
                + $"kubelet-kubepods-besteffort-pod{UidSlice}.slice/cri-containerd-{Id}.scope\n", ContainerRuntime.Containerd, Id, Uid);
            yield return Case("a service, cgroup v2", "0::/system.slice/nginx.service\n", null, null, unit: "nginx.service");
            yield return Case("a service on a hybrid host whose unified path is the root",
                "12:pids:/system.slice/redis-server.service\n1:name=systemd:/system.slice/redis-server.service\n0::/\n",
                null, null, unit: "redis-server.service");
            yield return Case("a template service's instance", "0::/system.slice/system-getty.slice/getty@tty1.service\n",
                null, null, unit: "getty@tty1.service");
            yield return Case("a user service", "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-web.service\n",
                null, null, unit: "app-web.service");
            yield return Case("a login session", "0::/user.slice/user-1000.slice/session-3.scope\n", null, null, unit: "session-3.scope");
            yield return Case("docker-proxy in Docker's own service", "0::/system.slice/docker.service\n", null, null, unit: "docker.service");
            yield return Case("a scope whose id is not 64 hex digits is a unit, not a container",
                "0::/system.slice/docker-3f2a.scope\n", null, null, unit: "docker-3f2a.scope");
            yield return Case("the root cgroup", "0::/\n", null, null);
            yield return Case("a machine's own hierarchy with no systemd (captured from this CI host)",
                "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/f28f43fe7fc83b7e96edbc8f94cd4100\n0::/\n", null, null);
            yield return Case("empty", string.Empty, null, null);
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public void Recognises(string layout, string text, ContainerRuntime? runtime, string? id, string? pod, string? unit, bool monitor)
        {
            var facts = CgroupParser.Parse(text);

            Assert.True(runtime == facts.Runtime, $"{layout}: runtime {facts.Runtime}");
            Assert.Equal(id, facts.ContainerId);
            Assert.Equal(pod, facts.PodUid);
            Assert.Equal(unit, facts.Unit);
            Assert.Equal(monitor, facts.IsMonitor);
        }

        [Fact]
        public void A_pods_own_folder_names_the_pod_only()
        {
            var facts = CgroupParser.ParsePath($"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{UidSlice}.slice");

            Assert.Equal(ContainerRuntime.Kubernetes, facts.Runtime);
            Assert.Null(facts.ContainerId);
            Assert.Equal(Uid, facts.PodUid);
        }

        [Fact]
        public void A_pod_folder_outside_kubepods_is_not_a_pod()
        {
            Assert.True(CgroupParser.ParsePath($"/system.slice/pod{Uid}/{Id}").IsEmpty);
        }

        private static object?[] Case(
            string name, string text, ContainerRuntime? runtime, string? id, string? pod = null, string? unit = null, bool monitor = false) =>
            new object?[] { name, text, runtime, id, pod, unit, monitor };
    }
}
