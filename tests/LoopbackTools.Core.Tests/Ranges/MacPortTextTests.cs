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
        [InlineData("40000\n40000\n", 40000, 40000)]
        public void ConstructedSysctlText_ReadsFirstAndLast(string text, int first, int last)
        {
            var range = MacPortText.ParseSysctl(text, TransportProtocol.Udp)!;

            Assert.Equal(first, range.StartPort);
            Assert.Equal(last, range.EndPort);
            Assert.Equal(TransportProtocol.Udp, range.Protocol);
            Assert.Equal(MacPortText.Source, range.Source);
        }

        [Theory]
        [InlineData("65535\n49152\n")]
        [InlineData("net.inet.ip.portrange.first: 65535\nnet.inet.ip.portrange.last: 49152\n")]
        [InlineData("net.inet.ip.portrange.last: 49152\nnet.inet.ip.portrange.first: 65535\n")]
        public void ConstructedSysctlText_CountingDown_IsTheRangeBetweenTheTwo(string text)
        {
            // first > last makes the kernel hand ports out from first down to last: the same 16384 ports.
            var range = MacPortText.ParseSysctl(text, TransportProtocol.Tcp)!;

            Assert.Equal(49152, range.StartPort);
            Assert.Equal(65535, range.EndPort);
            Assert.Equal(16384, range.Count);
            Assert.Equal(PortRangeKind.Ephemeral, range.Kind);
        }

        [Theory]
        [InlineData("")]
        [InlineData("49152\n")]
        [InlineData("0\n65535\n")]
        [InlineData("49152\n65536\n")]
        [InlineData("unknown oid 'net.inet.ip.portrange.first'\n")]
        public void ConstructedSysctlText_RejectsIncompleteOrOutOfRangeText(string text)
        {
            Assert.Null(MacPortText.ParseSysctl(text, TransportProtocol.Tcp));
        }
    }
}
