using LoopbackTools.Conflicts;
using Xunit;

namespace LoopbackTools.Tests.Conflicts
{
    public class OwnerTextTests
    {
        [Theory]
        [InlineData(12, "python3", "python3 (PID 12)")]
        [InlineData(12, null, "PID 12")]
        [InlineData(12, "", "PID 12")]
        [InlineData(1234567, "node", "node (PID 1234567)")]
        public void A_process_is_named_with_its_pid_or_by_pid_alone(int pid, string? name, string expected)
        {
            Assert.Equal(expected, OwnerText.Process(pid, name));
        }

        [Fact]
        public void An_endpoint_without_an_owner_says_why()
        {
            Assert.Equal("python3 (PID 12)", OwnerText.Describe(new Endpoint { ProcessId = 12, ProcessName = "python3", State = SocketState.Listen }));
            Assert.Equal("no process (TIME_WAIT)", OwnerText.Describe(new Endpoint { State = SocketState.TimeWait }));
            Assert.Equal("an unknown process", OwnerText.Describe(new Endpoint { State = SocketState.Listen }));
        }
    }
}
