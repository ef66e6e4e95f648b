using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    public sealed class PipedProbeNameTests
    {
        [Theory]
        // An endpoint: its local address, or localhost for a wildcard listener.
        [InlineData("web01", false, null, "127.0.0.1", "127.0.0.1")]
        [InlineData("web01", false, null, "::1", "::1")]
        [InlineData("web01", false, null, "0.0.0.0", "localhost")]
        [InlineData("web01", false, null, "::", "localhost")]
        [InlineData("web01", false, null, "fe80::1%eth0", "fe80::1%eth0")]
        // A test result: the name it was probed with.
        [InlineData("web01", false, "localhost", null, "localhost")]
        // -ComputerName typed on the command line wins.
        [InlineData("127.0.0.1", true, "localhost", "::1", "127.0.0.1")]
        // Import-Csv rows with a ComputerName column and nothing else of ours.
        [InlineData("::1", false, null, null, "::1")]
        [InlineData("::1", false, " ", "", "::1")]
        public void An_object_of_ours_is_probed_where_it_was(string computerName, bool given, string? target, string? local, string expected)
        {
            Assert.Equal(expected, PipedProbeName.Choose(computerName, given, target, local));
        }
    }
}
