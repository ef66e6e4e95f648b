using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    /// <summary>
    /// The resolver with a recording stand-in for the OS resolver: the point of several tests is that the OS resolver
    /// (and so DNS) is never asked about a name that is not local.
    /// </summary>
    public class LocalNameResolverTests
    {
        private readonly List<string> _asked = new List<string>();

        private LocalNameResolver Create(bool ipv6 = true, string hosts = "127.0.0.5 myapp.test\n192.0.2.9 elsewhere.test\n"
            + "127.0.0.6 mixed.test\n198.51.100.3 mixed.test\n",
            Func<string, IPAddress[]>? system = null)
        {
            var guard = new LocalHostGuard(new[] { IPAddress.Parse("192.0.2.77") });
            return new LocalNameResolver(guard, HostsFile.Parse(hosts), new[] { "buildhost", "buildhost.example.org" }, name =>
            {
                _asked.Add(name);
                return system != null ? system(name) : new[] { IPAddress.Loopback };
            }, ipv6);
        }

        [Fact]
        public void Localhost_is_probed_on_both_families_even_when_the_resolver_lists_only_one()
        {
            var host = Create().Resolve("localhost");
            Assert.Equal(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback }, host.Addresses);
            Assert.Equal("localhost", host.ComputerName);
        }

        [Fact]
        public void Localhost_keeps_extra_loopback_addresses_and_warns_about_non_loopback_ones()
        {
            var host = Create(system: _ => new[] { IPAddress.Parse("127.0.1.1"), IPAddress.Parse("192.0.2.77") }).Resolve("LocalHost.");
            Assert.Equal(new[] { IPAddress.IPv6Loopback, IPAddress.Parse("127.0.1.1"), IPAddress.Loopback }, host.Addresses);
            Assert.Contains(host.Warnings, w => w.Contains("192.0.2.77"));
        }

        [Fact]
        public void Localhost_without_IPv6_is_IPv4_only()
        {
            Assert.Equal(new[] { IPAddress.Loopback }, Create(ipv6: false).Resolve("localhost").Addresses);
        }

        [Fact]
        public void Localhost_subdomains_are_loopback_without_any_lookup()
        {
            var host = Create().Resolve("api.localhost");
            Assert.Equal(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback }, host.Addresses);
            Assert.Empty(_asked);
        }

        [Theory]
        [InlineData("127.0.0.9", "127.0.0.9")]
        [InlineData("[::1]", "::1")]
        [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
        [InlineData("192.0.2.77", "192.0.2.77")]
        public void Local_addresses_are_taken_as_they_are(string typed, string probed)
        {
            Assert.Equal(new[] { IPAddress.Parse(probed) }, Create().Resolve(typed).Addresses);
            Assert.Empty(_asked);
        }

        [Theory]
        [InlineData("192.0.2.1")]
        [InlineData("0.0.0.0")]
        [InlineData("2001:db8::1")]
        public void Other_addresses_are_refused(string typed)
        {
            var e = Assert.Throws<NotLocalHostException>(() => Create().Resolve(typed));
            Assert.Equal(typed, e.ComputerName);
            Assert.Contains("Only this machine can be probed", e.Message);
        }

        [Theory]
        [InlineData("example.com")]
        [InlineData("buildhost.evil.example")]
        [InlineData("127.0.0.1.nip.io")]
        public void Other_names_are_refused_without_asking_the_resolver(string typed)
        {
            var e = Assert.Throws<NotLocalHostException>(() => Create().Resolve(typed));
            Assert.Contains("not a name of this machine", e.Message);
            Assert.Empty(_asked);
        }

        [Fact]
        public void A_bare_number_is_taken_for_a_mistyped_port_not_an_address()
        {
            var e = Assert.Throws<NotLocalHostException>(() => Create().Resolve("8080"));
            Assert.Contains("Test-LocalPort 80,8080", e.Message);
        }

        [Fact]
        public void Hosts_file_names_are_local_when_they_map_to_this_machine()
        {
            Assert.Equal(new[] { IPAddress.Parse("127.0.0.5") }, Create().Resolve("MyApp.test").Addresses);
            Assert.Empty(_asked);
            Assert.Throws<NotLocalHostException>(() => Create().Resolve("elsewhere.test"));
        }

        [Fact]
        public void A_name_mapping_partly_elsewhere_is_probed_only_on_its_local_addresses()
        {
            var host = Create().Resolve("mixed.test");
            Assert.Equal(new[] { IPAddress.Parse("127.0.0.6") }, host.Addresses);
            Assert.Contains(host.Warnings, w => w.Contains("198.51.100.3"));
        }

        [Fact]
        public void This_hosts_own_names_are_resolved_by_the_OS()
        {
            var host = Create(system: _ => new[] { IPAddress.Parse("192.0.2.77"), IPAddress.Loopback }).Resolve("BUILDHOST.example.org");
            Assert.Equal(new[] { IPAddress.Parse("192.0.2.77"), IPAddress.Loopback }, host.Addresses);
            Assert.Equal(new[] { "BUILDHOST.example.org" }, _asked);
        }

        [Fact]
        public void This_machines_resolver_probes_localhost_on_loopback_only()
        {
            var host = LocalNameResolver.ForThisMachine().Resolve("localhost");
            Assert.Contains(IPAddress.Loopback, host.Addresses);
            Assert.All(host.Addresses, a => Assert.True(IPAddress.IsLoopback(a)));
        }

        [Theory]
        [InlineData("localhost:80", "-Port 80 -ComputerName localhost")]
        [InlineData("127.0.0.1:8080", "-Port 8080 -ComputerName 127.0.0.1")]
        [InlineData("[::1]:443", "-Port 443 -ComputerName ::1")]
        [InlineData("buildhost:22", "-Port 22 -ComputerName buildhost")]
        public void A_name_with_a_port_is_told_that_the_port_goes_in_Port(string name, string advice)
        {
            var e = Assert.Throws<NotLocalHostException>(() => Create().Resolve(name));
            Assert.Contains("has a port in it", e.Message);
            Assert.Contains(advice, e.Message);
            Assert.DoesNotContain("not a name of this machine", e.Message);
            Assert.Empty(_asked);
        }

        [Fact]
        public void IPv6_literals_are_not_read_as_a_name_and_a_port()
        {
            Assert.Equal(new[] { IPAddress.IPv6Loopback }, Create().Resolve("::1").Addresses);
            Assert.Equal(new[] { IPAddress.IPv6Loopback }, Create().Resolve("0:0:0:0:0:0:0:1").Addresses);
        }
    }
}
