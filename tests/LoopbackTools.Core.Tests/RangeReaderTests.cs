using System.IO;
using System.Linq;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests
{
    public class RangeReaderTests
    {
        [Theory]
        [InlineData("32768\t60999\n", 32768, 60999)]
        [InlineData("1024 1100", 1024, 1100)]
        public void ParseLinux_ReadsTheTwoBounds(string text, int low, int high)
        {
            var range = EphemeralRangeReader.ParseLinux(text, TransportProtocol.Tcp)!;
            Assert.Equal(low, range.StartPort);
            Assert.Equal(high, range.EndPort);
            Assert.Equal(high - low + 1, range.Count);
            Assert.Equal(PortRangeKind.Ephemeral, range.Kind);
        }

        [Theory]
        [InlineData("")]
        [InlineData("60999 32768")]
        [InlineData("0 100")]
        [InlineData("1 2 3")]
        public void ParseLinux_RejectsMalformedText(string text)
        {
            Assert.Null(EphemeralRangeReader.ParseLinux(text, TransportProtocol.Tcp));
        }

        [Fact]
        public void Read_MatchesTheLiveKernelSetting()
        {
            if (!Platform.IsLinux)
            {
                return;
            }

            var parts = File.ReadAllText(EphemeralRangeReader.LinuxPath).Split(new[] { ' ', '\t', '\n' },
                System.StringSplitOptions.RemoveEmptyEntries);
            var range = EphemeralRangeReader.Read(TransportProtocol.Udp);
            Assert.Equal(int.Parse(parts[0]), range.StartPort);
            Assert.Equal(int.Parse(parts[1]), range.EndPort);
            Assert.Equal(EphemeralRangeReader.LinuxPath, range.Source);
        }

        [Fact]
        public void ParseLinuxReserved_ReadsListsAndRanges()
        {
            var ranges = ReservedRangeReader.ParseLinuxReserved("1000-1005,8080,bogus,9-3\n", TransportProtocol.Tcp);
            Assert.Equal(new[] { (1000, 1005), (8080, 8080) }, ranges.Select(r => (r.StartPort, r.EndPort)));
            Assert.All(ranges, r => Assert.Equal(PortRangeKind.Reserved, r.Kind));
            Assert.Empty(ReservedRangeReader.ParseLinuxReserved("\n", TransportProtocol.Tcp));
        }

        [Fact]
        public void ParseLinuxUnprivilegedStart_GivesPortsBelowStart()
        {
            var range = ReservedRangeReader.ParseLinuxUnprivilegedStart("1024\n", TransportProtocol.Udp)!;
            Assert.Equal(0, range.StartPort);
            Assert.Equal(1023, range.EndPort);
            Assert.Equal(0, ReservedRangeReader.ParseLinuxUnprivilegedStart("0", TransportProtocol.Udp)!.Count);
            Assert.Null(ReservedRangeReader.ParseLinuxUnprivilegedStart("x", TransportProtocol.Udp));
        }
    }
}
