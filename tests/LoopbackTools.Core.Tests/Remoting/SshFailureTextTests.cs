using LoopbackTools.Remoting;
using Xunit;

namespace LoopbackTools.Tests.Remoting
{
    /// <summary>ssh's stderr as ssh 9.2 writes it, typed here from its messages (the real exchange is in Remoting.Tests.ps1).</summary>
    public sealed class SshFailureTextTests
    {
        [Theory]
        [InlineData("ssh: connect to host 198.18.0.12 port 22: Connection refused\r\n",
            "ssh: connect to host 198.18.0.12 port 22: Connection refused")]
        [InlineData("Warning: Permanently added '198.18.0.12' (ED25519) to the list of known hosts.\r\n"
            + "root@198.18.0.12: Permission denied (publickey).\r\n",
            "root@198.18.0.12: Permission denied (publickey).")]
        [InlineData("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
            + "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
            + "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nIT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
            + "Host key for 198.18.0.12 has changed and you have requested strict checking.\nHost key verification failed.\n",
            "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY! Host key for 198.18.0.12 has changed and you have requested strict checking. "
            + "Host key verification failed.")]
        [InlineData("ssh: connect to host 198.18.0.99 port 22: Connection timed out\n",
            "ssh: connect to host 198.18.0.99 port 22: Connection timed out")]
        public void Picks_the_reason_out_of_what_ssh_wrote(string stderr, string reason)
        {
            Assert.Equal(reason, SshFailureText.Reason(stderr));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("\r\n\n")]
        [InlineData("Warning: Permanently added '198.18.0.12' (ED25519) to the list of known hosts.\n")]
        public void Has_no_reason_when_ssh_gave_none(string? stderr)
        {
            Assert.Null(SshFailureText.Reason(stderr));
        }

        [Fact]
        public void Escapes_control_characters_a_hostile_banner_or_host_could_send()
        {
            Assert.Equal("banner \\x1b[2J: Connection refused", SshFailureText.Reason("banner \u001b[2J: Connection refused\n"));
        }
    }
}
