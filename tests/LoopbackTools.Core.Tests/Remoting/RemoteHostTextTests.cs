using LoopbackTools.Remoting;
using Xunit;

namespace LoopbackTools.Tests.Remoting
{
    public sealed class RemoteHostTextTests
    {
        [Fact]
        public void Unavailable_names_the_host_and_quotes_both_reasons()
        {
            string text = RemoteHostText.Unavailable(
                "web1", "The SSH transport process has abruptly terminated", "ssh: connect to host web1 port 22: Connection refused");

            Assert.Equal("'web1' cannot be reached through its session: The SSH transport process has abruptly terminated. "
                + "ssh to it now says: ssh: connect to host web1 port 22: Connection refused.", text);
        }

        [Fact]
        public void Version_mismatch_says_both_versions_and_the_remedy()
        {
            string text = RemoteHostText.VersionMismatch("db1", new[] { "0.0.9", "0.1.1" }, "0.1.0");

            Assert.Contains("'db1' has LoopbackTools 0.0.9, 0.1.1, this computer 0.1.0", text);
            Assert.Contains("-CopyModule", text);
        }

        [Fact]
        public void Module_missing_gives_the_remedy_with_this_version()
        {
            string text = RemoteHostText.ModuleMissing("db1", "0.1.0", "PowerShell 7.6.9 (Core)", null);

            Assert.StartsWith("LoopbackTools is not installed on 'db1' (its PowerShell 7.6.9 (Core) finds no LoopbackTools module).", text);
            Assert.Contains("Install-PSResource LoopbackTools -Version 0.1.0", text);
            Assert.Contains("-CopyModule", text);
        }

        [Fact]
        public void Host_names_and_reasons_from_the_other_side_cannot_drive_the_terminal()
        {
            string text = RemoteHostText.Unavailable("evil\u001b[2J", "broken\u0007", "ssh: \u001b]0;title\u0007");

            Assert.Equal(-1, text.IndexOfAny(new[] { '\u001b', '\u0007' }));
            Assert.Contains("evil\\x1b[2J", text);
        }

        [Fact]
        public void No_rows_for_a_host_lists_the_names_the_rows_carry()
        {
            string text = RemoteHostText.NoRowsForHost("db1", "-Baseline", 4, new[] { "web1", "web2" });

            Assert.StartsWith("-Baseline has 4 rows but none for 'db1' (they name 'web1', 'web2')", text);
        }
    }
}
