using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LoopbackTools.Linux;
using Xunit;
using LoopbackTools.Native;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// The non-root path for real: tests/LoopbackTools.Probe runs as nobody (setpriv) against a socket held by a
    /// root-owned child. The socket must be listed with an empty owner and exactly one warning saying why.
    /// </summary>
    public class UnprivilegedOwnerTests
    {
        [Fact]
        public void Another_users_socket_is_listed_without_owner_and_one_warning()
        {
            if (LibC.geteuid() != 0)
            {
                return; // dropping to another user needs root; the non-root case is this very run
            }

            using var child = ChildProcess.Python(ChildProcess.ListenerScript);
            string port = child.FirstLine.Trim();

            var warning = ProbeAsNobody(port, prefix: new string[0]);

            Assert.StartsWith("1 of 1 sockets have no visible owner: permission denied on /proc/<pid>/fd of ", warning);
            Assert.EndsWith("of other users; run as root (sudo) to see every owner.", warning);
        }

        [Fact]
        public void Under_hidepid_the_warning_names_the_mount_option_instead_of_blaming_kernel_sockets()
        {
            if (LibC.geteuid() != 0)
            {
                return; // a mount namespace and another user need root
            }

            using var child = ChildProcess.Python(ChildProcess.ListenerScript);
            string port = child.FirstLine.Trim();

            // A private mount namespace with a fresh proc instance mounted hidepid=2 over /proc: the machine's /proc is
            // never touched, and the namespace ends with the probe. As nobody, root's listener process is invisible.
            var warning = ProbeAsNobody(port, prefix: new[]
            {
                "unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", "mount -t proc -o hidepid=2 proc /proc && exec \"$@\"", "sh",
            });

            Assert.StartsWith("1 of 1 sockets have no visible owner: /proc is mounted with hidepid=", warning);
            Assert.Contains("which hides other users' processes from this user; run as root (sudo) to see every owner.", warning);
            Assert.DoesNotContain("kernel sockets", warning);
        }

        /// <summary>
        /// Runs the probe as nobody (after <paramref name="prefix"/>) for the listener on <paramref name="port"/>, checks
        /// that the socket is listed without owner, and returns the one warning.
        /// </summary>
        private static string ProbeAsNobody(string port, string[] prefix)
        {
            // /root is mode 700: nobody can only run a copy in a world-readable folder.
            string copy = Path.Combine(Path.GetTempPath(), "lbt-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                ProbeChild.CopyTo(copy);
                var command = prefix.Concat(new[]
                {
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    ProbeChild.DotnetHost(), Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port,
                }).ToArray();
                string json = ProbeChild.Run(command[0], command.Skip(1).ToArray());

                using var doc = JsonDocument.Parse(json);
                var endpoints = doc.RootElement.GetProperty("endpoints").EnumerateArray().ToList();
                var endpoint = Assert.Single(endpoints);
                Assert.Equal(int.Parse(port, CultureInfo.InvariantCulture), endpoint.GetProperty("LocalPort").GetInt32());
                Assert.Equal("Listen", endpoint.GetProperty("State").GetString());
                Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("ProcessId").ValueKind);
                Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("ProcessName").ValueKind);
                Assert.Equal("netlink sock_diag", doc.RootElement.GetProperty("source").GetString());

                var warnings = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
                return Assert.Single(warnings)!;
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
