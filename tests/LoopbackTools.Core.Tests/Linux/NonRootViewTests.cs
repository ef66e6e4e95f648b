using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LoopbackTools.Native;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// What a user without root sees (tests/LoopbackTools.Probe run as nobody through setpriv): another user's socket
    /// has no visible process, but the kernel's socket uid still names its user, as ss -e does.
    /// </summary>
    public class NonRootViewTests
    {
        [Fact]
        public void Another_users_listener_is_named_by_its_socket_uid()
        {
            if (LibC.geteuid() != 0)
            {
                return; // dropping to another user needs root; the non-root case is this very run
            }

            string copy = Path.Combine(Path.GetTempPath(), "lbt-facts-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                ProbeChild.CopyTo(copy);
                using var child = ChildProcess.Python(ChildProcess.ListenerScript);
                string port = child.FirstLine.Trim();

                string json = ProbeChild.Run(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    ProbeChild.DotnetHost(), Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port);

                using var doc = JsonDocument.Parse(json);
                var endpoint = Assert.Single(doc.RootElement.GetProperty("endpoints").EnumerateArray().ToList());
                Assert.Equal(int.Parse(port, CultureInfo.InvariantCulture), endpoint.GetProperty("LocalPort").GetInt32());
                Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("ProcessId").ValueKind);
                Assert.Equal("root", endpoint.GetProperty("UserName").GetString());
                Assert.Equal(0u, endpoint.GetProperty("SocketUid").GetUInt32());
            }
            finally
            {
                if (Directory.Exists(copy))
                {
                    Directory.Delete(copy, true);
                }
            }
        }
    }
}
