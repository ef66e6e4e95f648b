using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>SIDs constructed byte by byte from the winnt.h layout, with their well-known string forms.</summary>
    public class SidTextTests
    {
        [Fact]
        public void SidText_FormatsLocalSystem_FromConstructedBytes()
        {
            // S-1-5-18: revision 1, one sub-authority, authority 5 (NT AUTHORITY) big-endian, 18 little-endian.
            var sid = new byte[] { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };

            Assert.Equal("S-1-5-18", SidText.Format(sid));
        }

        [Fact]
        public void SidText_FormatsADomainAccount_FromConstructedBytes()
        {
            // S-1-5-21-3623811015-3361044348-30300820-1013: five sub-authorities, each little-endian.
            var sid = new byte[]
            {
                1, 5, 0, 0, 0, 0, 0, 5,
                21, 0, 0, 0,
                0xC7, 0xF7, 0xFE, 0xD7,
                0x7C, 0x77, 0x55, 0xC8,
                0x94, 0x5A, 0xCE, 0x01,
                0xF5, 0x03, 0x00, 0x00,
            };

            Assert.Equal("S-1-5-21-3623811015-3361044348-30300820-1013", SidText.Format(sid));
        }

        [Fact]
        public void SidText_WritesA48BitAuthorityInHex_AsWindowsDoes()
        {
            var sid = new byte[] { 1, 1, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 7, 0, 0, 0 };

            Assert.Equal("S-1-0x010203040506-7", SidText.Format(sid));
        }

        [Theory]
        [InlineData(new byte[] { })]
        [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 5 })]
        [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 0 })]
        [InlineData(new byte[] { 2, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 })]
        [InlineData(new byte[] { 1, 16, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 })]
        public void SidText_RefusesBytesThatAreNotExactlyOneSid(byte[] sid)
        {
            Assert.Null(SidText.Format(sid));
        }
    }
}
