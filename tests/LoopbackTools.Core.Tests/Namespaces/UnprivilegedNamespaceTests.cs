using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using LoopbackTools.Native;
using LoopbackTools.Tests.Linux;
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
                ProbeChild.CopyTo(copy);
                using var child = LabProcess.Start("new");
                int port = child.Listen();

                string json = ProbeChild.Run(
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
    }
}
