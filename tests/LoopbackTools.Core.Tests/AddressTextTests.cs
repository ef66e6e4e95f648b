using System.Net;
using LoopbackTools.Classification;
using Xunit;

namespace LoopbackTools.Tests
{
    /// <summary>RFC 5952 text, as glibc's inet_ntop (and so ss and ip) write it; .NET's own ToString differs on some.</summary>
    public class AddressTextTests
    {
        [Theory]
        [InlineData("2001:db8::5efe:c000:201", "2001:db8::5efe:c000:201")] // ISATAP: .NET writes 2001:db8::5efe:192.0.2.1
        [InlineData("2001:db8:0:0:0:5efe:192.0.2.1", "2001:db8::5efe:c000:201")]
        [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1")] // IPv4-mapped: mixed
        [InlineData("::192.0.2.1", "::192.0.2.1")] // IPv4-compatible: mixed
        [InlineData("::ffff:0:0", "::ffff:0.0.0.0")]
        [InlineData("64:ff9b::192.0.2.1", "64:ff9b::c000:201")] // NAT64: hex, as inet_ntop
        [InlineData("::", "::")]
        [InlineData("::1", "::1")]
        [InlineData("1::", "1::")]
        [InlineData("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1")] // the first of two equal runs
        [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")] // one zero group is not compressed
        [InlineData("2001:db8::0001", "2001:db8::1")]
        [InlineData("1:0:0:1:0:0:0:1", "1:0:0:1::1")] // the longer run wins
        [InlineData("fe80::1:0:0:0", "fe80::1:0:0:0")] // equal runs: the first
        [InlineData("127.0.0.1", "127.0.0.1")]
        [InlineData("0.0.0.0", "0.0.0.0")]
        public void Writes_addresses_as_inet_ntop_does(string input, string expected)
        {
            Assert.Equal(expected, AddressText.Format(IPAddress.Parse(input)));
        }

        [Fact]
        public void The_dotnet_text_differs_for_isatap_which_is_why_this_exists()
        {
            var isatap = IPAddress.Parse("2001:db8::5efe:c000:201");
            Assert.Equal("2001:db8::5efe:192.0.2.1", isatap.ToString());
            Assert.Equal("2001:db8::5efe:c000:201", AddressText.Format(isatap));
        }

        [Fact]
        public void A_scope_is_written_by_name_when_known_else_by_number()
        {
            var linkLocal = IPAddress.Parse("fe80::1");
            Assert.Equal("fe80::1%eth0", AddressText.Format(linkLocal, "eth0"));
            linkLocal.ScopeId = 3;
            Assert.Equal("fe80::1%3", AddressText.Format(linkLocal));
        }
    }
}
