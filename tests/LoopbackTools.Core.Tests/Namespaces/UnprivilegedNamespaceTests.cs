using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using LoopbackTools.Native;
using Xunit;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>
    /// -NetworkNamespace All for a user who may not enter namespaces, for real: tests/LoopbackTools.Probe runs as nobody
    /// (setpriv) while a root-owned child listens in a namespace of its own. Its table is read from /proc/PID/net, its
    /// owner and namespace id stay empty (root's namespace link is not nobody's to read), and one warning says so.
    /// </summary>
    public class UnprivilegedNamespaceTests
    {
        [Fact]
        public void Another_users_namespace_is_read_from_proc_without_owner_or_id_and_one_warning()
        {
            if (LibC.geteuid() != 0)
            {
                return; // dropping to another user needs root
            }

            string copy = Path.Combine(Path.GetTempPath(), "lbt-probe-ns-" + Guid.NewGuid().ToString("N"));
            try
            {
                CopyDirectory(ProbeDirectory(), copy);
                Run("chmod", "-R", "a+rX", copy);
                using var child = LabProcess.Start("new");
                int port = child.Listen();

                string json = Run(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    "dotnet", Path.Combine(copy, "LoopbackTools.Probe.dll"), "--listening", "--port", port.ToString(), "--netns", "All");

                using var doc = JsonDocument.Parse(json);
                var rows = doc.RootElement.GetProperty("endpoints").EnumerateArray()
                    .Where(e => e.GetProperty("LocalAddress").GetString() == "127.0.0.1" && e.GetProperty("LocalPort").GetInt32() == port)
                    .ToList();
                Assert.NotEmpty(rows); // other namespaces may hold the same port; ours is among them
                Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("ProcessId").ValueKind));
                Assert.Contains(rows, r => r.GetProperty("NetworkNamespace").ValueKind == JsonValueKind.Null);

                var warnings = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
                var warning = Assert.Single(warnings, w => w.Contains("network namespace", StringComparison.Ordinal));
                Assert.StartsWith("Not root: ", warning);
                Assert.Contains("read from /proc/PID/net without entering", warning);
                Assert.EndsWith("Run as root to enter every namespace and see every owner.", warning);
                Assert.Contains("/proc/PID/net", doc.RootElement.GetProperty("source").GetString());
            }
            finally
            {
                if (Directory.Exists(copy))
                {
                    Directory.Delete(copy, true);
                }
            }
        }

        private static string ProbeDirectory()
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            string dir = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.FullName, "LoopbackTools.Probe", "bin", here.Parent.Name, here.Name);
            Assert.True(File.Exists(Path.Combine(dir, "LoopbackTools.Probe.dll")), "build tests/LoopbackTools.Probe first: " + dir);
            return dir;
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
            if (!p.WaitForExit(120000))
            {
                p.Kill(true);
                throw new TimeoutException(file + " did not finish in 120 s");
            }

            Assert.True(p.ExitCode == 0, $"{file} {string.Join(" ", args)} exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
