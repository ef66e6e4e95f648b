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

            string probe = ProbeDirectory();
            // /root is mode 700: nobody can only run a copy in a world-readable folder.
            string copy = Path.Combine(Path.GetTempPath(), "lbt-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                CopyDirectory(probe, copy);
                Run("chmod", "-R", "a+rX", copy);
                using var child = ChildProcess.Python(ChildProcess.ListenerScript);
                string port = child.FirstLine.Trim();

                string json = Run(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    DotnetHost(), Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port);

                using var doc = JsonDocument.Parse(json);
                var endpoints = doc.RootElement.GetProperty("endpoints").EnumerateArray().ToList();
                var endpoint = Assert.Single(endpoints);
                Assert.Equal(int.Parse(port, CultureInfo.InvariantCulture), endpoint.GetProperty("LocalPort").GetInt32());
                Assert.Equal("Listen", endpoint.GetProperty("State").GetString());
                Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("ProcessId").ValueKind);
                Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("ProcessName").ValueKind);
                Assert.Equal("netlink sock_diag", doc.RootElement.GetProperty("source").GetString());

                var warnings = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
                var warning = Assert.Single(warnings);
                Assert.StartsWith("1 of 1 sockets have no visible owner: permission denied on /proc/<pid>/fd of ", warning);
                Assert.EndsWith("of other users; run as root (sudo) to see every owner.", warning);
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
