using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using LoopbackTools.Remoting;
using Xunit;

namespace LoopbackTools.Tests.Remoting
{
    public sealed class SshProbeTests
    {
        [Fact]
        public void Asks_in_batch_mode_with_the_session_settings_and_ends_the_options_before_the_host()
        {
            var options = new Dictionary<string, string>
            {
                ["UserKnownHostsFile"] = "/tmp/lab/known_hosts",
                ["BatchMode"] = "no",
                ["ConnectTimeout"] = "600",
            };
            var args = SshProbe.Arguments("web1", 2222, "admin", "/keys/id ed25519", options);

            Assert.Equal(new[]
            {
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-T", "-p", "2222", "-i", "/keys/id ed25519", "-l", "admin",
                "-o", "UserKnownHostsFile=/tmp/lab/known_hosts", "--", "web1", "exit",
            }, args);
        }

        [Fact]
        public void Leaves_out_what_the_session_did_not_set()
        {
            var args = SshProbe.Arguments("-oProxyCommand=x", 0, null, "", new Dictionary<string, string>());

            Assert.Equal(new[] { "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-T", "--", "-oProxyCommand=x", "exit" }, args);
        }

        [Fact]
        public void Quotes_the_arguments_so_that_a_real_child_process_receives_them_unchanged()
        {
            var args = new List<string> { "plain", "with space", "", "quote\"inside", "trailing\\", "back\\\\slash \"mix\"", "tab\there" };
            var start = new ProcessStartInfo("python3", "-c \"import json, sys; print(json.dumps(sys.argv[1:]))\" " + SshProbe.CommandLine(args))
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();

            Assert.Equal(args, JsonSerializer.Deserialize<List<string>>(output));
        }
    }
}
