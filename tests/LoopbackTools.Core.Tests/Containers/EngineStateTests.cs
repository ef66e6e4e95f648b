using System.Collections.Generic;
using System.Linq;
using System.Text;
using LoopbackTools.Containers;
using Xunit;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>
    /// The engines' state readers on files constructed in the engines' formats (no engine runs in CI; the integration task
    /// runs the same readers against real Docker and Podman). The containers.json line is Podman 4.3's, captured here.
    /// </summary>
    public class EngineStateTests
    {
        [Fact]
        public void Docker_state_gives_name_addresses_and_published_ports_constructed_config()
        {
            using var state = new FakeEngineState();
            string id = FakeEngineState.NewId();
            state.AddDocker(id, "web", "172.17.0.2", ("80/tcp", "127.0.0.1", "8080"), ("80/tcp", "::1", "8080"), ("53/udp", "", "5353"));

            var container = new DockerState(state.DockerRoot).ById(id);

            Assert.NotNull(container);
            Assert.Equal("web", container!.Name);
            Assert.True(container.Running);
            Assert.Equal(new[] { "172.17.0.2" }, container.Addresses);
            Assert.Equal(new[] { "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:5353" }, container.Ports.Select(p => p.HostText));
            Assert.Equal(new[] { 80, 80, 53 }, container.Ports.Select(p => p.ContainerPort));
            Assert.Equal(TransportProtocol.Udp, container.Ports[2].Protocol);
        }

        [Fact]
        public void Docker_state_finds_the_running_container_with_an_address_constructed_config()
        {
            using var state = new FakeEngineState();
            string web = FakeEngineState.NewId();
            string db = FakeEngineState.NewId();
            state.AddDocker(web, "web", "172.17.0.2");
            state.AddDocker(db, "db", "172.17.0.3");
            var docker = new DockerState(state.DockerRoot);

            Assert.Equal("db", docker.ByAddress("172.17.0.3")!.Name);
            Assert.Null(docker.ByAddress("172.17.0.9"));
            Assert.Null(docker.ById(FakeEngineState.NewId()));
            Assert.Null(docker.ById("../../etc"));
        }

        [Fact]
        public void Docker_state_rejects_a_config_whose_id_is_another_containers_constructed_config()
        {
            using var state = new FakeEngineState();
            string id = FakeEngineState.NewId();
            string other = FakeEngineState.NewId();
            state.AddDocker(other, "web", "172.17.0.2");
            string folders = System.IO.Path.Combine(state.DockerRoot, "containers");
            System.IO.Directory.Move(System.IO.Path.Combine(folders, other), System.IO.Path.Combine(folders, id));

            Assert.Null(new DockerState(state.DockerRoot).ById(id));
        }

        [Fact]
        public void Podman_containers_json_names_containers_captured_line()
        {
            const string captured = "[{\"id\":\"bc6f1a69001ee064876248ef9e9aa85189e0d413081821911e17d2a74874b632\",\"names\":[\"lbt-web1\"],"
                + "\"image\":\"fd6fe4bdec26aced565440331ec7fb0ba349069d44466fcc8fd692307158c7fd\","
                + "\"layer\":\"376ee118dba1cd7db31acfc2507617794119de3fc8e2f06138edaf673afbb7a4\","
                + "\"metadata\":\"{\\\"image-name\\\":\\\"localhost/lbt-web:1\\\","
                + "\\\"image-id\\\":\\\"fd6fe4bdec26aced565440331ec7fb0ba349069d44466fcc8fd692307158c7fd\\\","
                + "\\\"name\\\":\\\"lbt-web1\\\",\\\"created-at\\\":1795798503}\",\"created\":\"2026-11-27T16:55:04.092409986Z\","
                + "\"flags\":{\"MountLabel\":\"\",\"ProcessLabel\":\"\"}}]";
            var names = new Dictionary<string, string>();

            PodmanState.AddNames(EngineJson.Parse(captured, "containers.json"), names);

            Assert.Equal("lbt-web1", names["bc6f1a69001ee064876248ef9e9aa85189e0d413081821911e17d2a74874b632"]);
        }

        [Fact]
        public void Podman_ports_come_from_configurations_inside_the_database_constructed_bytes()
        {
            using var state = new FakeEngineState();
            string web = FakeEngineState.NewId();
            string quiet = FakeEngineState.NewId();
            state.AddPodman(web, "web", (18080, 8080, "127.0.0.1"), (18443, 8443, ""));
            state.AddPodman(quiet, "quiet");
            var podman = new PodmanState(state.PodmanRoot);

            Assert.Equal("web", podman.NameOf(web));
            Assert.Equal(new[] { "127.0.0.1:18080", "0.0.0.0:18443" }, podman.PortsOf(web).Select(p => p.HostText));
            Assert.Equal(new[] { 8080, 8443 }, podman.PortsOf(web).Select(p => p.ContainerPort));
            Assert.True(podman.KnowsPortsOf(quiet));
            Assert.Empty(podman.PortsOf(quiet));
            Assert.False(podman.KnowsPortsOf(FakeEngineState.NewId()));
        }

        [Fact]
        public void Podman_port_ranges_and_both_protocols_expand()
        {
            string id = FakeEngineState.NewId();
            string config = "{\"spec\":{},\"id\":\"" + id + "\",\"newPortMappings\":[{\"host_ip\":\"\",\"container_port\":7000,"
                + "\"host_port\":17000,\"range\":3,\"protocol\":\"tcp,udp\"}]}";
            var ports = new Dictionary<string, List<PublishedPort>>();

            PodmanState.AddPorts(Encoding.UTF8.GetBytes("\0\0bolt" + config + "\0\0"), ports);

            Assert.Equal(6, ports[id].Count);
            Assert.Equal(new[] { 17000, 17001, 17002 }, ports[id].Where(p => p.Protocol == TransportProtocol.Udp).Select(p => p.HostPort));
            Assert.Equal(7002, ports[id].Last().ContainerPort);
        }

        [Fact]
        public void A_value_cut_short_in_the_database_is_not_read()
        {
            byte[] data = Encoding.UTF8.GetBytes("{\"spec\":{\"a\":\"b\0\0\0\0 {\"spec\":{}}");

            Assert.Equal(new[] { "{\"spec\":{}}" }, EmbeddedJson.Objects(data, "{\"spec\":{", 1 << 20).ToArray());
        }

        [Fact]
        public void Containerd_and_cri_o_annotations_name_containers_and_pods_constructed_config()
        {
            using var state = new FakeEngineState();
            string app = FakeEngineState.NewId();
            string pause = FakeEngineState.NewId();
            string crio = FakeEngineState.NewId();
            state.AddContainerd(app, "web", "2c1a7e8b-5f3d-4b6a-9c0e-1d2f3a4b5c6d");
            state.AddContainerd(pause, null, "2c1a7e8b-5f3d-4b6a-9c0e-1d2f3a4b5c6d", sandbox: true);
            state.AddCrio(crio, "db", "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b");
            var oci = new OciAnnotationState(state.ContainerdTasks, state.CrioRunRoot);

            Assert.Equal("web", oci.ById(ContainerRuntime.Containerd, app)!.Name);
            Assert.Equal("2c1a7e8b-5f3d-4b6a-9c0e-1d2f3a4b5c6d", oci.ById(ContainerRuntime.Containerd, app)!.PodUid);
            Assert.Null(oci.ById(ContainerRuntime.Containerd, pause)!.Name);
            Assert.Equal("db", oci.ById(ContainerRuntime.CriO, crio)!.Name);
            Assert.Equal("db", oci.ById(ContainerRuntime.Kubernetes, crio)!.Name);
            Assert.Null(oci.ById(ContainerRuntime.Docker, crio));
        }

        [Theory]
        [InlineData("[storage]\ndriver = \"overlay\"\ngraphroot = \"/srv/containers\"\nrunroot = \"/run/containers/storage\"\n", "/srv/containers")]
        [InlineData("[storage]\n  graphroot='/data/podman'\n", "/data/podman")]
        [InlineData("[storage]\ngraphroot_extra = \"/x\"\n", null)]
        [InlineData("graphroot = \"relative\"\n", null)]
        [InlineData(null, null)]
        public void Storage_conf_moves_podmans_root(string? text, string? root) => Assert.Equal(root, PodmanState.GraphRoot(text));

        [Fact]
        public void Fib_trie_lists_the_namespaces_own_addresses_captured_shape()
        {
            const string fibTrie = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n"
                + "     +-- 127.0.0.0/8 2 0 2\n        +-- 127.0.0.0/31 1 0 0\n           |-- 127.0.0.0\n              /8 host LOCAL\n"
                + "           |-- 127.0.0.1\n              /32 host LOCAL\n     +-- 198.19.214.0/24 2 0 2\n"
                + "        |-- 198.19.214.0\n           /24 link UNICAST\n        |-- 198.19.214.2\n           /32 host LOCAL\n"
                + "Local:\n  +-- 198.19.214.0/24 2 0 2\n     |-- 198.19.214.2\n        /32 host LOCAL\n";

            Assert.Equal(new[] { "198.19.214.2" }, NamespaceAddresses.FromFibTrie(fibTrie));
        }
    }
}
