using System.Net;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    public class HostsFileTests
    {
        private const string Text = "# comment line\n127.0.0.1\tlocalhost\n::1 localhost ip6-localhost # trailing comment\n"
            + "127.0.0.5 myapp.test Api.Test\n192.0.2.9 elsewhere.test\n\n   \nnot-an-address broken.test\n1234 number.test\n127.0.0.5 myapp.test\r\n";

        [Fact]
        public void Maps_names_and_aliases_case_insensitively_in_file_order()
        {
            var hosts = HostsFile.Parse(Text);
            Assert.Equal(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, hosts.Lookup("LOCALHOST"));
            Assert.Equal(new[] { IPAddress.Parse("127.0.0.5") }, hosts.Lookup("api.test."));
            Assert.Equal(new[] { IPAddress.Parse("127.0.0.5") }, hosts.Lookup("myapp.test"));
            Assert.Equal(new[] { IPAddress.IPv6Loopback }, hosts.Lookup("ip6-localhost"));
        }

        [Fact]
        public void Skips_malformed_lines_and_bare_numbers()
        {
            var hosts = HostsFile.Parse(Text);
            Assert.Null(hosts.Lookup("broken.test"));
            Assert.Null(hosts.Lookup("number.test"));
            Assert.Null(hosts.Lookup("comment"));
        }
    }
}
