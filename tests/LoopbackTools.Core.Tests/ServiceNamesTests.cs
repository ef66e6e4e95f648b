using System.IO;
using LoopbackTools.Classification;
using Xunit;

namespace LoopbackTools.Tests
{
    public class ServiceNamesTests
    {
        private const string Sample = "# comment line\n" +
            "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\n" +
            "domain\t\t53/tcp\n" +
            "domain\t\t53/udp\n" +
            "alias-later\t80/tcp\n" +
            "broken\t\tnotaport/tcp\n" +
            "toolarge\t70000/tcp\n" +
            "sctp-only\t9/sctp\n" +
            "\n";

        [Fact]
        public void Parse_MapsPortAndProtocolToFirstName()
        {
            var names = ServiceNames.Parse(new StringReader(Sample));
            Assert.Equal("http", names.Lookup(80, TransportProtocol.Tcp));
            Assert.Null(names.Lookup(80, TransportProtocol.Udp));
            Assert.Equal("domain", names.Lookup(53, TransportProtocol.Udp));
            Assert.Null(names.Lookup(9, TransportProtocol.Tcp));
            Assert.Equal(3, names.Count);
        }

        [Fact]
        public void FromOperatingSystem_ReadsThisMachinesServicesFile()
        {
            if (!File.Exists("/etc/services"))
            {
                return;
            }

            var names = ServiceNames.FromOperatingSystem();
            Assert.True(names.Count > 10);
            Assert.Equal("ssh", names.Lookup(22, TransportProtocol.Tcp));
        }
    }
}
