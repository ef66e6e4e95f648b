using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Ranges
{
    /// <summary>macOS is not here: sysctl output constructed in its documented form.</summary>
    public class MacPortTextTests
    {
        [Theory]
        [InlineData("49152\n65535\n", 49152, 65535)]
        [InlineData("net.inet.ip.portrange.first: 10000\nnet.inet.ip.portrange.last: 20000\n", 10000, 20000)]
        [InlineData("net.inet.ip.portrange.last: 20000\nnet.inet.ip.portrange.first: 10000\n", 10000, 20000)]
        public void ConstructedSysctlText_ReadsFirstAndLast(string text, int first, int last)
        {
            var range = MacPortText.ParseSysctl(text, TransportProtocol.Udp)!;

            Assert.Equal(first, range.StartPort);
            Assert.Equal(last, range.EndPort);
            Assert.Equal(TransportProtocol.Udp, range.Protocol);
            Assert.Equal(MacPortText.Source, range.Source);
        }

        [Theory]
        [InlineData("")]
        [InlineData("49152\n")]
        [InlineData("65535\n49152\n")]
        [InlineData("unknown oid 'net.inet.ip.portrange.first'\n")]
        public void ConstructedSysctlText_RejectsIncompleteOrInvertedText(string text)
        {
            Assert.Null(MacPortText.ParseSysctl(text, TransportProtocol.Tcp));
        }
    }
}
