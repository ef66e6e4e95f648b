using System.Net;
using LoopbackTools.PortLookup;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.PortInfo
{
    public class LocalAddressRuleTests
    {
        // 192.0.2.77 stands for an address configured on one of this machine's interfaces.
        private static readonly LocalHostGuard Guard = new LocalHostGuard(new[] { IPAddress.Parse("192.0.2.77") });

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("127.5.6.7")]
        [InlineData("::1")]
        [InlineData("0.0.0.0")]
        [InlineData("::")]
        [InlineData("192.0.2.77")]
        [InlineData("::ffff:127.0.0.1")]
        public void Loopback_wildcards_and_own_addresses_are_this_machines(string address)
        {
            Assert.Null(LocalAddressRule.Refusal(IPAddress.Parse(address), Guard));
            LocalAddressRule.Require(IPAddress.Parse(address), address, Guard, "unused");
        }

        [Theory]
        [InlineData("8.8.8.8")]
        [InlineData("192.0.2.1")]
        [InlineData("2001:db8::1")]
        [InlineData("224.0.0.1")]
        public void Other_addresses_are_refused_with_AddressNotLocal(string address)
        {
            var e = Assert.Throws<EndpointFormatException>(() =>
                LocalAddressRule.Require(IPAddress.Parse(address), address + ":53", Guard, "Give the port alone."));
            Assert.Equal("AddressNotLocal", e.Error.Id);
            Assert.Equal(address + ":53", e.Target);
            Assert.StartsWith(address + " is ", e.Message);
            Assert.EndsWith("Give the port alone.", e.Message);
            Assert.DoesNotContain("refused: nothing listens", e.Message);
        }
    }
}
