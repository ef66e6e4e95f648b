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
            Assert.Equal("python3 (PID 12)", OwnerText.Describe(new Endpoint { ProcessId = 12, ProcessName = "python3",
                State = SocketState.Listen }));
            Assert.Equal("no process (TIME_WAIT)", OwnerText.Describe(new Endpoint { State = SocketState.TimeWait }));
            Assert.Equal("an unknown process", OwnerText.Describe(new Endpoint { State = SocketState.Listen }));
        }

        [Fact]
        public void Every_sentence_escapes_the_control_characters_of_the_names_it_quotes()
        {
            // A name other users chose; conflicts, port information and ephemeral-port summaries all name owners here.
            var evil = new Endpoint
            {
                ProcessId = 7, ProcessName = "evil\u001b[2J\nname", State = SocketState.Listen, LocalAddress = "127.0.0.1", LocalPort = 80,
            };
            var other = new Endpoint
            {
                ProcessId = 8, ProcessName = "csi\u009b31m", State = SocketState.Listen, LocalAddress = "::1", LocalPort = 80,
            };

            Assert.Equal("evil\\x1b[2J\\x0aname (PID 7)", OwnerText.Process(7, evil.ProcessName));
            Assert.Equal("evil\\x1b[2J\\x0aname (PID 7)", OwnerText.Describe(evil));
            Assert.Equal("evil\\x1b[2J\\x0aname (PID 7) on 127.0.0.1:80 and csi\\x9b31m (PID 8) on [::1]:80",
                OwnerText.DescribeAll(new[] { evil, other }));
            Assert.Equal("evil\\x1b[2J\\x0aname (PID 7) and csi\\x9b31m (PID 8)", OwnerText.DescribeOwners(new[] { evil, other }));
            Assert.Equal("evil\u001b[2J\nname", evil.ProcessName);
        }
    }
}
