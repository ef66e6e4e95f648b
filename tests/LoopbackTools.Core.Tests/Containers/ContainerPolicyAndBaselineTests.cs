using System.Linq;
using LoopbackTools.Baselines;
using LoopbackTools.Errors;
using LoopbackTools.Policy;
using LoopbackTools.Tests.Audit;
using Xunit;

namespace LoopbackTools.Tests.Containers
{
    /// <summary>Policies that name containers, and baselines that pair container endpoints by the container's name.</summary>
    public class ContainerPolicyAndBaselineTests
    {
        private const ulong ContainerNamespace = 4026532469;
        private const ulong OtherNamespace = 4026532545;

        private static Endpoint InContainer(string address, int port, string? container, ulong? ns = ContainerNamespace, string? id = null,
            string name = "busybox", string path = "/bin/busybox")
        {
            var endpoint = AuditEndpoints.Listener(address, port, name, path, 4242);
            endpoint.NetworkNamespace = ns;
            endpoint.ContainerName = container;
            endpoint.ContainerId = id ?? (container == null ? null : FakeEngineState.NewId());
            endpoint.ContainerRuntime = container == null ? null : ContainerRuntime.Docker;
            return endpoint;
        }

        private static LoopbackPolicy Load(string json) => PolicyValidator.Validate(PolicyJsonReader.Read(json, "policy.json"), "policy.json");

        [Fact]
        public void A_policy_entry_with_Container_allows_only_matching_containers()
        {
            var policy = Load("{ \"Listeners\": [ { \"Port\": 8080, \"Container\": [\"web*\", \"api\"] } ] }");

            Assert.True(policy.Allows(InContainer("0.0.0.0", 8080, "web-1")));
            Assert.True(policy.Allows(InContainer("0.0.0.0", 8080, "API")));
            Assert.False(policy.Allows(InContainer("0.0.0.0", 8080, "db")));
            Assert.False(policy.Allows(AuditEndpoints.Listener("0.0.0.0", 8080, "nginx")));
            Assert.Contains("allows container web* or api, not container db", policy.Explain(InContainer("0.0.0.0", 8080, "db")));
            Assert.Contains("not a listener outside containers", policy.Explain(AuditEndpoints.Listener("0.0.0.0", 8080, "nginx")));
        }

        [Fact]
        public void A_container_whose_name_cannot_be_read_is_not_vouched_for()
        {
            var policy = Load("{ \"Listeners\": [ { \"Port\": 8080, \"Container\": \"*\" } ] }");
            var unnamed = InContainer("0.0.0.0", 8080, null, id: FakeEngineState.NewId());

            Assert.False(policy.Allows(unnamed));
            Assert.Contains("a container whose name cannot be read", policy.Explain(unnamed));
        }

        [Fact]
        public void An_entry_without_Container_allows_host_and_containers_alike()
        {
            var policy = Load("{ \"Listeners\": [ { \"Port\": 8080 } ] }");

            Assert.True(policy.Allows(InContainer("0.0.0.0", 8080, "web")));
            Assert.True(policy.Allows(AuditEndpoints.Listener("0.0.0.0", 8080, "nginx")));
        }

        [Theory]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80, \"Container\": \"\" } ] }")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80, \"Container\": [] } ] }")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80, \"Container\": \"web[\" } ] }")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80, \"Container\": \"a/b\" } ] }")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80, \"Container\": 7 } ] }")]
        public void A_bad_container_pattern_is_PolicyInvalidContainer(string json)
        {
            var e = Assert.Throws<PolicyException>(() => Load(json));

            Assert.Same(ErrorCatalogue.PolicyInvalidContainer, e.Error);
            Assert.Equal("Listeners[0].Container", e.Key);
        }

        [Fact]
        public void A_recreated_container_pairs_by_name_although_its_id_address_and_binary_changed()
        {
            var before = new[] { BaselineEntry.From(InContainer("172.17.0.2", 8080, "web", ns: ContainerNamespace, path: "/usr/sbin/nginx")) };
            var now = new[] { BaselineEntry.From(InContainer("172.17.0.9", 8080, "web", ns: OtherNamespace, path: "/usr/local/bin/caddy")) };

            Assert.Empty(BaselineComparer.Compare(before, now));
        }

        [Fact]
        public void A_container_listener_that_widens_is_a_change_of_that_container()
        {
            var before = new[] { BaselineEntry.From(InContainer("127.0.0.1", 8080, "web")) };
            var now = new[] { BaselineEntry.From(InContainer("0.0.0.0", 8080, "web", ns: OtherNamespace)) };

            var change = Assert.Single(BaselineComparer.Compare(before, now));

            Assert.Equal(EndpointChangeType.Changed, change.ChangeType);
            Assert.Equal("web", change.ContainerName);
            Assert.Equal(OtherNamespace, change.NetworkNamespace);
            Assert.Equal(Exposure.LoopbackOnly, change.OldExposure);
        }

        [Fact]
        public void The_same_port_in_two_containers_and_on_the_host_are_three_endpoints()
        {
            var before = new[]
            {
                BaselineEntry.From(InContainer("0.0.0.0", 5432, "db-a")),
                BaselineEntry.From(InContainer("0.0.0.0", 5432, "db-b", ns: OtherNamespace)),
                BaselineEntry.From(AuditEndpoints.Listener("0.0.0.0", 5432, "busybox", "/bin/busybox", 1)),
            };
            var now = new[]
            {
                BaselineEntry.From(InContainer("0.0.0.0", 5432, "db-b", ns: OtherNamespace)),
                BaselineEntry.From(InContainer("0.0.0.0", 5432, "db-c")),
            };

            var changes = BaselineComparer.Compare(before, now).OrderBy(c => c.ChangeType).ThenBy(c => c.ContainerName).ToList();

            Assert.Equal(
                new[] { EndpointChangeType.Added, EndpointChangeType.Removed, EndpointChangeType.Removed }, changes.Select(c => c.ChangeType));
            Assert.Equal(new[] { "db-c", null, "db-a" }, changes.Select(c => c.ContainerName));
        }

        [Fact]
        public void A_baseline_of_the_host_alone_is_compared_with_the_hosts_endpoints_alone()
        {
            var baseline = new[] { BaselineEntry.From(AuditEndpoints.Listener("0.0.0.0", 22, "sshd", "/usr/sbin/sshd", 1)) };
            var listeners = new[] { AuditEndpoints.Listener("0.0.0.0", 22, "sshd", "/usr/sbin/sshd", 2), InContainer("0.0.0.0", 8080, "web") };

            Assert.False(BaselineScope.CoversOtherNamespaces(baseline));
            var current = BaselineScope.Current(listeners, false, BaselineScope.CoversOtherNamespaces(baseline));

            Assert.Single(current);
            Assert.Empty(BaselineComparer.Compare(baseline, current));
            Assert.True(BaselineScope.CoversOtherNamespaces(new[] { BaselineEntry.From(InContainer("0.0.0.0", 80, "web")) }));
        }
    }
}
