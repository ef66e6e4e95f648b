using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    /// <summary>The Linux sweep reports errno values; these must read the same as the portable prober's SocketErrors.</summary>
    public class LinuxErrnoTests
    {
        [Theory]
        [InlineData(0, PortTestStatus.Open)]
        [InlineData(111, PortTestStatus.Refused)]
        [InlineData(110, PortTestStatus.TimedOut)]
        [InlineData(101, PortTestStatus.Unreachable)]
        [InlineData(113, PortTestStatus.Unreachable)]
        [InlineData(99, PortTestStatus.Unreachable)]
        [InlineData(97, PortTestStatus.Unreachable)]
        [InlineData(24, PortTestStatus.Error)]
        [InlineData(1, PortTestStatus.Error)]
        [InlineData(9999, PortTestStatus.Error)]
        public void Maps_errno_to_the_status_users_see(int errno, PortTestStatus status)
        {
            Assert.Equal(status, LinuxErrno.Describe(errno).Status);
        }

        [Fact]
        public void Explains_unreachable_and_error_but_not_plain_answers()
        {
            Assert.Null(LinuxErrno.Describe(111).Detail);
            Assert.StartsWith("NetworkUnreachable:", LinuxErrno.Describe(101).Detail);
            Assert.StartsWith("TooManyOpenSockets:", LinuxErrno.Describe(24).Detail);
            Assert.Contains("ephemeral", LinuxErrno.Describe(11).Detail);
            Assert.Equal("errno 9999", LinuxErrno.Describe(9999).Detail);
        }
    }
}
