using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using LoopbackTools.Baselines;
using Xunit;

namespace LoopbackTools.Tests.Baselines
{
    /// <summary>
    /// The comparer pairs with hash joins; these tests hold it to what the plain definition (scan the current entries
    /// at the same key in order, take the first that satisfies the pass's rule) gives, and to near-linear time on the
    /// shape a fleet-wide baseline has: thousands of hosts on the same port.
    /// </summary>
    public class BaselineComparerScaleTests
    {
        // Against a blow-up, not a timing: the scan took 23 s on an idle machine; the joins take ~0.4 s of CPU, and
        // a few seconds of wall time on a machine with a load of 30.
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

        private static readonly string[] Addresses = { "127.0.0.1", "0.0.0.0", "::1", "::", "192.0.2.7" };
        private static readonly string?[] Names = { null, "nginx", "NGINX", "redis-server", "python3" };
        private static readonly string?[] Paths = { null, "/usr/sbin/nginx", "/USR/SBIN/NGINX", "/opt/nginx", "/usr/bin/redis-server",
            "/usr/bin/python3" };

        [Fact]
        public void PairsAsTheScanningDefinitionDoes_OnRandomBaselines()
        {
            var random = new Random(1517);
            for (int round = 0; round < 400; round++)
            {
                var before = RandomEntries(random, random.Next(0, 14));
                var now = RandomEntries(random, random.Next(0, 14));
                var expected = Describe(ReferenceCompare(before, now));
                var actual = Describe(BaselineComparer.CompareEntries(before, now));
                Assert.Equal(expected, actual);
            }
        }

        [Fact]
        public void FleetShape_16kPlus16kOnOnePortWithDifferentExecutables_IsNearLinear()
        {
            // 16k hosts' rows on 0.0.0.0:443, each host its own executable path: every entry shares protocol, address
            // and port, so a scan per entry is 16k x 16k.
            const int n = 16384;
            var before = new List<BaselineEntry>(n);
            var now = new List<BaselineEntry>(n);
            for (int i = 0; i < n; i++)
            {
                before.Add(Entry("0.0.0.0", 443, "svc", $"/opt/host{i}/svc"));
                // Half still there, a quarter moved to another path (Removed + Added), a quarter with the owner unseen.
                string? path = (i % 4) switch { 0 or 1 => $"/opt/host{i}/svc", 2 => $"/srv/host{i}/svc", _ => null };
                now.Add(Entry("0.0.0.0", 443, i % 4 == 3 ? null : "svc", path));
            }

            var watch = Stopwatch.StartNew();
            var changes = BaselineComparer.CompareEntries(before, now);
            watch.Stop();

            // Unseen owners pair (by name where the name is seen, else by address and port) with what is left.
            Assert.Equal(n / 4, changes.Count(c => c.Change.ChangeType == EndpointChangeType.Added));
            Assert.Equal(n / 4, changes.Count(c => c.Change.ChangeType == EndpointChangeType.Removed));
            Assert.True(watch.Elapsed < Bound, $"16k + 16k took {watch.Elapsed.TotalSeconds:F1} s");
        }

        [Fact]
        public void FleetShape_EveryExecutableDifferent_IsNearLinear()
        {
            // The shape: the same protocol, address and port everywhere, no two executables alike, so no pass
            // pairs anything and a scan would compare every pair four times.
            const int n = 16384;
            var before = Enumerable.Range(0, n).Select(i => Entry("::", 22, "sshd", $"/h{i}/sshd")).ToList();
            var now = Enumerable.Range(0, n).Select(i => Entry("::", 22, "sshd", $"/g{i}/sshd")).ToList();
            var watch = Stopwatch.StartNew();
            var changes = BaselineComparer.CompareEntries(before, now);
            watch.Stop();
            Assert.Equal(2 * n, changes.Count);
            Assert.True(watch.Elapsed < Bound, $"16k + 16k took {watch.Elapsed.TotalSeconds:F1} s");
        }

        private static BaselineEntry Entry(string address, int port, string? name, string? path, string? user = null)
        {
            Assert.True(BaselineEntry.TryNormalizeAddress(address, out string canonical, out IPFamily family, out Exposure exposure));
            return new BaselineEntry
            {
                Protocol = TransportProtocol.Tcp,
                AddressFamily = family,
                LocalAddress = canonical,
                LocalPort = port,
                RemoteAddress = family == IPFamily.IPv6 ? "::" : "0.0.0.0",
                Exposure = exposure,
                ProcessName = name,
                ProcessPath = path,
                UserName = user,
            };
        }

        private static List<BaselineEntry> RandomEntries(Random random, int count)
        {
            var list = new List<BaselineEntry>();
            for (int i = 0; i < count; i++)
            {
                var e = Entry(
                    Addresses[random.Next(Addresses.Length)],
                    random.Next(1, 4),
                    Names[random.Next(Names.Length)],
                    Paths[random.Next(Paths.Length)],
                    random.Next(3) == 0 ? "root" : null);
                if (random.Next(6) == 0)
                {
                    e.Protocol = TransportProtocol.Udp;
                    e.State = SocketState.Bound;
                }
                else if (random.Next(8) == 0)
                {
                    e.State = SocketState.Established;
                    e.RemoteAddress = "127.0.0.1";
                    e.RemotePort = random.Next(1, 3);
                }

                list.Add(e);
            }

            return list;
        }

        private static List<string> Describe(IEnumerable<(EndpointChange Change, BaselineEntry Entry)> changes) =>
            changes.Select(c => $"{c.Change.ChangeType} {c.Entry} {c.Change.ChangedProperties} {c.Change.OldLocalAddress}").ToList();

        // The comparer before the hash joins, kept as the definition: per pass, the current entries at the key in
        // sort order, and the first one the rule accepts.
        private static List<(EndpointChange Change, BaselineEntry Entry)> ReferenceCompare(List<BaselineEntry> baseline, List<BaselineEntry> current)
        {
            var before = baseline.ToList();
            var now = current.ToList();
            before.Sort(BaselineComparer.EntryOrder);
            now.Sort(BaselineComparer.EntryOrder);
            var beforePaired = new bool[before.Count];
            var nowPaired = new bool[now.Count];
            var changes = new List<(EndpointChange Change, BaselineEntry Entry)>();

            static string Remote(BaselineEntry e) => e.IsListener ? "" : e.RemoteAddress + "|" + e.RemotePort;
            static string AddressKey(BaselineEntry e) => $"{e.Protocol}|{e.LocalAddress.ToLowerInvariant()}|{e.LocalPort}|{Remote(e)}";
            static string FamilyKey(BaselineEntry e) => $"{e.Protocol}|{e.AddressFamily}|{e.LocalPort}|{Remote(e)}";
            static bool SamePath(BaselineEntry a, BaselineEntry b) =>
                a.HasPath && b.HasPath && string.Equals(a.ProcessPath, b.ProcessPath, StringComparison.OrdinalIgnoreCase);
            static bool SameExecutable(BaselineEntry a, BaselineEntry b) =>
                a.HasPath && b.HasPath ? SamePath(a, b) : string.Equals(a.ExecutableName, b.ExecutableName, StringComparison.OrdinalIgnoreCase);
            static bool OwnerUnseen(BaselineEntry a, BaselineEntry b) => a.Executable.Length == 0 || b.Executable.Length == 0;

            void Pass(Func<BaselineEntry, string> key, Func<BaselineEntry, BaselineEntry, bool> same)
            {
                for (int i = 0; i < before.Count; i++)
                {
                    for (int j = 0; j < now.Count && !beforePaired[i]; j++)
                    {
                        if (!nowPaired[j] && key(before[i]) == key(now[j]) && same(before[i], now[j]))
                        {
                            beforePaired[i] = nowPaired[j] = true;
                            var change = BaselineComparer.Difference(before[i], now[j]);
                            if (change != null)
                            {
                                changes.Add((change, now[j]));
                            }
                        }
                    }
                }
            }

            Pass(AddressKey, SamePath);
            Pass(AddressKey, SameExecutable);
            Pass(AddressKey, OwnerUnseen);
            Pass(FamilyKey, SameExecutable);
            for (int i = 0; i < before.Count; i++)
            {
                if (!beforePaired[i])
                {
                    changes.Add((BaselineComparer.ChangeOf(EndpointChangeType.Removed, before[i]), before[i]));
                }
            }

            for (int j = 0; j < now.Count; j++)
            {
                if (!nowPaired[j])
                {
                    changes.Add((BaselineComparer.ChangeOf(EndpointChangeType.Added, now[j]), now[j]));
                }
            }

            changes.Sort((x, y) =>
            {
                int c = BaselineComparer.EntryOrder(x.Entry, y.Entry);
                return c != 0 ? c : x.Change.ChangeType.CompareTo(y.Change.ChangeType);
            });
            return changes;
        }
    }
}
