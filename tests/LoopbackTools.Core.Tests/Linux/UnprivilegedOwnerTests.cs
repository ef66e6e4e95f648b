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
            string probe = ProbeDirectory();
            // /root is mode 700: nobody can only run a copy in a world-readable folder.
            string copy = Path.Combine(Path.GetTempPath(), "lbt-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                CopyDirectory(probe, copy);
                Run("chmod", "-R", "a+rX", copy);
                var command = prefix.Concat(new[]
                {
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    DotnetHost(), Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port,
                }).ToArray();
                string json = Run(command[0], command.Skip(1).ToArray());

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

        /// <summary>tests/LoopbackTools.Probe/bin/&lt;Configuration&gt;/net10.0, next to this assembly's own bin folder.</summary>
        private static string ProbeDirectory()
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            string framework = here.Name;
            string configuration = here.Parent!.Name;
            string tests = here.Parent.Parent!.Parent!.Parent!.FullName;
            string dir = Path.Combine(tests, "LoopbackTools.Probe", "bin", configuration, framework);
            Assert.True(File.Exists(Path.Combine(dir, "LoopbackTools.Probe.dll")), "build tests/LoopbackTools.Probe first: " + dir);
            return dir;
        }

        private static string DotnetHost()
        {
            string? path = Environment.ProcessPath;
            return path != null && Path.GetFileName(path) == "dotnet" ? path : "dotnet";
        }

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        private static string Run(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(60000))
            {
                p.Kill(true);
                throw new TimeoutException(file + " did not finish in 60 s");
            }

            Assert.True(p.ExitCode == 0, $"{file} {string.Join(" ", args)} exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
