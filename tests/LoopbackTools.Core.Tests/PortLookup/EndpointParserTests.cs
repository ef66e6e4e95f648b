using System.Net;
using LoopbackTools.PortLookup;
using Xunit;

namespace LoopbackTools.Tests.PortInfo
{
    public class EndpointParserTests
    {
        [Theory]
        [InlineData("62893", null, false, 62893)]
        [InlineData(" 80 ", null, false, 80)]
        [InlineData("127.0.0.1:62893", "127.0.0.1", false, 62893)]
        [InlineData("[::1]:8080", "::1", false, 8080)]
        [InlineData("[::]:443", "::", false, 443)]
        [InlineData("0.0.0.0:1", "0.0.0.0", false, 1)]
        [InlineData("localhost:3000", null, true, 3000)]
        [InlineData("LOCALHOST:65535", null, true, 65535)]
        [InlineData("[fe80::1%2]:22", "fe80::1%2", false, 22)]
        public void Parse_ReadsTheUsualForms(string text, string? address, bool localhost, int port)
        {
            var parsed = EndpointParser.Parse(text);

            Assert.Equal(port, parsed.Port);
            Assert.Equal(address, parsed.Address?.ToString());
            Assert.Equal(localhost, parsed.IsLocalhost);
            Assert.Equal(text, parsed.Input);
        }

        [Theory]
        [InlineData("", "InvalidEndpoint")]
        [InlineData("   ", "InvalidEndpoint")]
        [InlineData(null, "InvalidEndpoint")]
        [InlineData("127.0.0.1:99999", "PortOutOfRange")]
        [InlineData("127.0.0.1:0", "PortOutOfRange")]
        [InlineData("99999999999999999999", "PortOutOfRange")]
        [InlineData("-1", "PortOutOfRange")]
        [InlineData("1.2.3:80", "InvalidAddress")]
        [InlineData("1.2.3.4.5:80", "InvalidAddress")]
        [InlineData("256.0.0.1:80", "InvalidAddress")]
        [InlineData("[1.2.3.4]:80", "InvalidAddress")]
        [InlineData("[::1", "InvalidEndpoint")]
        [InlineData("[::1]", "InvalidEndpoint")]
        [InlineData("[::1]8080", "InvalidEndpoint")]
        [InlineData("::1", "InvalidEndpoint")]
        [InlineData("::1:8080", "InvalidEndpoint")]
        [InlineData("127.0.0.1", "InvalidEndpoint")]
        [InlineData("127.0.0.1:", "InvalidEndpoint")]
        [InlineData(":80", "InvalidEndpoint")]
        [InlineData("127.0.0.1:http", "InvalidEndpoint")]
        [InlineData("example.com:80", "UnsupportedHost")]
        public void Parse_RejectsMalformedInputWithAReason(string? text, string error)
        {
            var e = Assert.Throws<EndpointFormatException>(() => EndpointParser.Parse(text));

            Assert.Equal(error, e.Error.Id);
            Assert.Equal(text ?? string.Empty, e.Input);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }

        [Theory]
        [InlineData("http://localhost:80/", "InvalidEndpoint", "is a URL: give the endpoint alone, as in localhost:80.")]
        [InlineData("https://[::1]/", "InvalidEndpoint", "as in [::1]:443.")]
        [InlineData("80-90", "InvalidEndpoint", "is a range of ports, not one endpoint: give the ports as a list, as in (80..90).")]
        [InlineData("System.Diagnostics.Process (dotnet)", "InvalidEndpoint", "is not a port or an endpoint")]
        [InlineData("abc", "InvalidEndpoint", "needs a Port or LocalPort property")]
        [InlineData("localhost", "InvalidEndpoint", "has no port: write localhost:<port>")]
        [InlineData("::1", "InvalidEndpoint", "is an IPv6 address with no port: write [::1]:<port>.")]
        [InlineData("::1:8080", "InvalidEndpoint", "put an IPv6 address in brackets")]
        [InlineData("[127.0.0.1]:80", "InvalidAddress", "brackets, which are for IPv6 addresses only: write 127.0.0.1:80.")]
        public void Parse_says_what_is_wrong_in_terms_of_what_was_typed(string text, string error, string says)
        {
            var e = Assert.Throws<EndpointFormatException>(() => EndpointParser.Parse(text));
            Assert.Equal(error, e.Error.Id);
            Assert.Contains(says, e.Message);
        }

        [Theory]
        [InlineData("127.0.0.1:80", "such as 127.0.0.1")]
        [InlineData("[::1]:80", "such as [::1]")]
        [InlineData("localhost:80", "such as localhost")]
        public void ParseAddress_tells_an_address_with_a_port_to_give_the_port_apart(string text, string says)
        {
            var e = Assert.Throws<EndpointFormatException>(() => EndpointParser.ParseAddress(text));
            Assert.Equal("InvalidAddress", e.Error.Id);
            Assert.Contains("has a port", e.Message);
            Assert.Contains(says, e.Message);
            Assert.DoesNotContain("IPv6 address", e.Message);
        }

        [Theory]
        [InlineData("127.0.0.1", "127.0.0.1")]
        [InlineData("::1", "::1")]
        [InlineData("[::1]", "::1")]
        [InlineData("0.0.0.0", "0.0.0.0")]
        public void ParseAddress_ReadsAddressesAlone(string text, string expected)
        {
            Assert.Equal(IPAddress.Parse(expected), EndpointParser.ParseAddress(text));
        }

        [Theory]
        [InlineData("1.2.3", "InvalidAddress")]
        [InlineData("::zz", "InvalidAddress")]
        [InlineData("localhost", "UnsupportedHost")]
        [InlineData("", "InvalidEndpoint")]
        public void ParseAddress_RejectsWhatIsNotAnAddress(string text, string error)
        {
            Assert.Equal(error, Assert.Throws<EndpointFormatException>(() => EndpointParser.ParseAddress(text)).Error.Id);
        }
    }
}
