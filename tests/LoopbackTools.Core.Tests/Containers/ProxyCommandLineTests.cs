using LoopbackTools.Containers;
using Xunit;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>
    /// The command lines of engines' host-side processes, as /proc/PID/cmdline holds them (NUL-separated). The conmon one
    /// was captured from Podman 4.3 on this kind of machine; docker-proxy's is Docker 20.10's (and the -flag=value form
    /// Go's flag package also takes); slirp4netns's are Podman's rootless forms.
    /// </summary>
    public class ProxyCommandLineTests
    {
        private const string Id = "bc6f1a69001ee064876248ef9e9aa85189e0d413081821911e17d2a74874b632";

        [Fact]
        public void Docker_proxy_names_the_container_address_and_port()
        {
            var target = Parse("docker-proxy", "/usr/bin/docker-proxy\0-proto\0tcp\0-host-ip\0127.0.0.1\0-host-port\018080\0"
                + "-container-ip\0172.17.0.2\0-container-port\080\0");

            Assert.NotNull(target);
            Assert.Equal(ProxyKind.DockerProxy, target!.Kind);
            Assert.Equal(TransportProtocol.Tcp, target.Protocol);
            Assert.Equal("127.0.0.1", target.HostAddress);
            Assert.Equal(18080, target.HostPort);
            Assert.Equal("172.17.0.2:80", target.PublishedTo);
        }

        [Fact]
        public void Docker_proxy_takes_equals_forms_double_dashes_udp_and_ipv6()
        {
            var target = Parse("docker-proxy", "docker-proxy\0--proto=udp\0-host-ip=::\0-host-port=53\0-container-ip=fd00::2\0"
                + "-container-port=5353\0-use-listen-fd\0");

            Assert.Equal(TransportProtocol.Udp, target!.Protocol);
            Assert.Equal("::", target.HostAddress);
            Assert.Equal("[fd00::2]:5353", target.PublishedTo);
        }

        [Fact]
        public void Docker_proxy_without_a_container_address_publishes_to_nothing_known()
        {
            var target = Parse("docker-proxy", "docker-proxy\0-proto\0tcp\0-host-port\08080\0-container-port\0not-a-port\0");

            Assert.Null(target!.PublishedTo);
            Assert.Equal(8080, target.HostPort);
        }

        [Fact]
        public void Conmon_names_the_container_id_and_name_and_whose_it_is()
        {
            // Captured: rootful Podman 4.3, cgroupfs manager.
            string cmdline = $"/usr/bin/conmon\0--api-version\01\0-c\0{Id}\0-u\0{Id}\0-r\0/usr/bin/runc\0"
                + $"-b\0/var/lib/containers/storage/overlay-containers/{Id}/userdata\0"
                + $"-p\0/run/containers/storage/overlay-containers/{Id}/userdata/pidfile\0-n\0lbt-web1\0--exit-dir\0/run/libpod/exits\0"
                + "--full-attach\0-s\0-l\0k8s-file:/var/lib/containers/storage/ctr.log\0--log-level\0warning\0"
                + "--runtime-arg\0--log-format=json\0--exit-command\0/usr/bin/podman\0--exit-command-arg\0--root\0"
                + $"--exit-command-arg\0/var/lib/containers/storage\0--exit-command-arg\0container\0--exit-command-arg\0cleanup\0"
                + $"--exit-command-arg\0{Id}\0";

            var target = Parse("conmon", cmdline);

            Assert.Equal(Id, target!.ContainerId);
            Assert.Equal("lbt-web1", target.ContainerName);
            Assert.True(target.ExitsToPodman);
        }

        [Fact]
        public void Conmon_of_cri_o_takes_long_options_and_is_not_podmans()
        {
            var target = Parse("conmon", $"/usr/libexec/crio/conmon\0--cid={Id}\0--name\0k8s_web_web-7d9f_default_0\0--syslog\0");

            Assert.Equal(Id, target!.ContainerId);
            Assert.Equal("k8s_web_web-7d9f_default_0", target.ContainerName);
            Assert.False(target.ExitsToPodman);
        }

        [Fact]
        public void Conmon_without_a_valid_id_names_no_container()
        {
            Assert.Null(Parse("conmon", "conmon\0-c\0not-an-id\0-n\0web\0"));
        }

        [Fact]
        public void Slirp4netns_names_the_process_it_serves()
        {
            var target = Parse("slirp4netns", "/usr/bin/slirp4netns\0--disable-host-loopback\0--mtu=65520\0--enable-sandbox\0"
                + "--enable-seccomp\0-c\0-e\03\0-r\04\0--netns-type=pid\04242\0tap0\0");

            Assert.Equal(4242, target!.TargetProcessId);
            Assert.Null(target.TargetNamespacePath);
        }

        [Fact]
        public void Slirp4netns_names_the_namespace_path_it_serves()
        {
            var target = Parse("slirp4netns", "/usr/bin/slirp4netns\0--disable-host-loopback\0--mtu\065520\0-c\0-e\03\0-r\04\0"
                + "--netns-type=path\0/run/user/1000/netns/netns-8245c61b\0tap0\0");

            Assert.Equal("/run/user/1000/netns/netns-8245c61b", target!.TargetNamespacePath);
            Assert.Equal(0, target.TargetProcessId);
        }

        [Fact]
        public void A_wrapper_scripts_interpreter_is_not_the_programs_first_argument()
        {
            var target = Parse("slirp4netns", "/usr/bin/python3\0/usr/local/bin/slirp4netns\0--mtu=65520\04242\0tap0\0");

            Assert.Equal(4242, target!.TargetProcessId);
        }

        [Theory]
        [InlineData("python3", "None")]
        [InlineData("docker-proxy", "DockerProxy")]
        [InlineData("conmon", "Conmon")]
        [InlineData("rootlessport", "RootlessPort")]
        [InlineData("slirp4netns", "Slirp4netns")]
        [InlineData(null, "None")]
        public void Knows_the_engines_host_processes_by_name(string? name, string kind) =>
            Assert.Equal(kind, ProxyCommandLine.KindOf(name).ToString());

        private static ProxyTarget? Parse(string name, string cmdline) =>
            ProxyCommandLine.Parse(ProxyCommandLine.KindOf(name), ProxyCommandLine.Arguments(cmdline));
    }
}
