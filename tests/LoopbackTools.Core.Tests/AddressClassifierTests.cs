using System.Net;
using LoopbackTools.Classification;
using Xunit;

namespace LoopbackTools.Tests
{
    public class AddressClassifierTests
    {
        [Theory]
        [InlineData("127.0.0.1", Exposure.LoopbackOnly)]
        [InlineData("127.255.0.9", Exposure.LoopbackOnly)]
        [InlineData("::1", Exposure.LoopbackOnly)]
        [InlineData("::ffff:127.0.0.1", Exposure.LoopbackOnly)]
        [InlineData("0.0.0.0", Exposure.AllInterfaces)]
        [InlineData("::", Exposure.AllInterfaces)]
        [InlineData("::ffff:0.0.0.0", Exposure.AllInterfaces)]
        [InlineData("192.168.1.10", Exposure.SpecificInterface)]
        [InlineData("fe80::1", Exposure.SpecificInterface)]
        [InlineData("128.0.0.1", Exposure.SpecificInterface)]
        public void ExposureOf_ClassifiesBindAddress(string address, Exposure expected)
        {
            Assert.Equal(expected, AddressClassifier.ExposureOf(IPAddress.Parse(address)));
        }

        [Theory]
        [InlineData(0, PortCategory.WellKnown)]
        [InlineData(1023, PortCategory.WellKnown)]
        [InlineData(1024, PortCategory.Registered)]
        [InlineData(49151, PortCategory.Registered)]
        [InlineData(49152, PortCategory.Dynamic)]
        [InlineData(65535, PortCategory.Dynamic)]
        public void CategoryOf_FollowsRfc6335Boundaries(int port, PortCategory expected)
        {
            Assert.Equal(expected, AddressClassifier.CategoryOf(port));
        }
    }
}
