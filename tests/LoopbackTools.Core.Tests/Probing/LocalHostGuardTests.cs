using System.Net;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    public class LocalHostGuardTests
    {
        private static readonly LocalHostGuard Guard = new LocalHostGuard(new[]
        {
            IPAddress.Parse("192.0.2.77"),
            IPAddress.Parse("fe80::1%2"),
            IPAddress.Parse("2001:db8::77"),
        });

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("127.255.10.3")]
        [InlineData("::1")]
        [InlineData("192.0.2.77")]
        [InlineData("2001:db8::77")]
        public void Admits_loopback_and_this_machines_own_addresses(string text)
        {
            Assert.True(Guard.TryAdmit(IPAddress.Parse(text), out var admitted, out string refusal), refusal);
            Assert.Equal(IPAddress.Parse(text), admitted);
        }

        [Fact]
        public void Unwraps_an_IPv4_mapped_loopback_address()
        {
            Assert.True(Guard.TryAdmit(IPAddress.Parse("::ffff:127.0.0.1"), out var admitted, out _));
            Assert.Equal(IPAddress.Loopback, admitted);
        }

        [Fact]
        public void Gives_a_link_local_address_typed_without_scope_its_interfaces_scope()
        {
            Assert.True(Guard.TryAdmit(IPAddress.Parse("fe80::1"), out var admitted, out _));
            Assert.Equal(2, admitted.ScopeId);
        }

        [Theory]
        [InlineData("192.0.2.1", "not an address of this machine")]
        [InlineData("8.8.8.8", "not an address of this machine")]
        [InlineData("2001:db8::1", "not an address of this machine")]
        [InlineData("0.0.0.0", "wildcard")]
        [InlineData("::", "wildcard")]
        [InlineData("224.0.0.1", "multicast or broadcast")]
        [InlineData("255.255.255.255", "multicast or broadcast")]
        [InlineData("ff02::1", "multicast or broadcast")]
        public void Refuses_every_other_address_and_says_why(string text, string reason)
        {
            Assert.False(Guard.TryAdmit(IPAddress.Parse(text), out _, out string refusal));
            Assert.Contains(reason, refusal);
        }

        [Fact]
        public void Reads_this_machines_interfaces_which_include_loopback()
        {
            var guard = LocalHostGuard.ForThisMachine();
            Assert.Contains(IPAddress.Loopback, guard.OwnAddresses);
            foreach (var own in guard.OwnAddresses)
            {
                Assert.True(guard.IsLocal(own), own.ToString());
            }
        }
    }
}
