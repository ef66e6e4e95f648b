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
                CopyProbe(copy);
                using var child = ChildProcess.Python(ChildProcess.ListenerScript);
                string port = child.FirstLine.Trim();

                string json = Run(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    DotnetHost(), Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port);

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

        /// <summary>/root is mode 700: nobody can only run a copy of the probe in a world-readable folder.</summary>
        private static void CopyProbe(string to)
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            string from = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.FullName, "LoopbackTools.Probe", "bin", here.Parent.Name, here.Name);
            Assert.True(File.Exists(Path.Combine(from, "LoopbackTools.Probe.dll")), "build tests/LoopbackTools.Probe first: " + from);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Run("chmod", "-R", "a+rX", to);
        }

        private static string DotnetHost()
        {
            string? path = Environment.ProcessPath;
            return path != null && Path.GetFileName(path) == "dotnet" ? path : "dotnet";
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
