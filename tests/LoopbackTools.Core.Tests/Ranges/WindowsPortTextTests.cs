using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using LoopbackTools.Conflicts;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Ranges
{
    /// <summary>Windows is not here: these read netsh text constructed in its documented layout (Fixtures/Netsh/README.md).</summary>
    public class WindowsPortTextTests
    {
        private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Netsh", name));

        private static PortEnvironment WindowsEnvironment()
        {
            var tcpExcluded = WindowsPortText.Merge(
                WindowsPortText.ParseExcludedRanges(Fixture("excludedportrange-ipv4-tcp-hyperv.txt"), TransportProtocol.Tcp,
                    WindowsPortText.ExcludedCommand("ipv4", TransportProtocol.Tcp))
                .Concat(WindowsPortText.ParseExcludedRanges(Fixture("excludedportrange-ipv6-tcp-hyperv.txt"), TransportProtocol.Tcp,
                    WindowsPortText.ExcludedCommand("ipv6", TransportProtocol.Tcp))));
            var tcpDynamic = WindowsPortText.ParseDynamicRange(Fixture("dynamicport-ipv4-tcp-default.txt"), TransportProtocol.Tcp,
                WindowsPortText.DynamicCommand(TransportProtocol.Tcp))!;
            var udpDynamic = WindowsPortText.ParseDynamicRange(Fixture("dynamicport-ipv4-udp-moved.txt"), TransportProtocol.Udp,
                WindowsPortText.DynamicCommand(TransportProtocol.Udp))!;
            return new PortEnvironment(HostPlatform.Windows, tcpDynamic, udpDynamic, tcpExcluded, new PortRange[0],
                new[] { IPAddress.IPv6Loopback, IPAddress.Loopback }, canBindPrivilegedPorts: true);
        }

        [Fact]
        public void ConstructedNetshText_ExcludedRanges_ReadsRowsAndAdministeredMark()
        {
            var ranges = WindowsPortText.ParseExcludedRanges(Fixture("excludedportrange-ipv4-tcp-hyperv.txt"), TransportProtocol.Tcp, "netsh");

            Assert.Equal(new[] { "5357-5357", "49671-49770", "50000-50059", "61117-61216", "61220-61319" },
                ranges.Select(r => $"{r.StartPort}-{r.EndPort}"));
            Assert.All(ranges, r => Assert.Equal(PortRangeKind.Excluded, r.Kind));
            Assert.Equal(new[] { false, false, true, false, false }, ranges.Select(r => r.Administered));
            Assert.Equal(100, ranges[1].Count);
        }

        [Fact]
        public void ConstructedNetshText_ExcludedRanges_EmptyListGivesNoRange()
        {
            Assert.Empty(WindowsPortText.ParseExcludedRanges(Fixture("excludedportrange-ipv4-udp-none.txt"), TransportProtocol.Udp, "netsh"));
        }

        [Fact]
        public void ConstructedNetshText_ExcludedRanges_LocalisedLabelsDoNotMatter()
        {
            var ranges = WindowsPortText.ParseExcludedRanges(Fixture("excludedportrange-ipv4-tcp-german.txt"), TransportProtocol.Tcp, "netsh");

            Assert.Equal(2, ranges.Count);
            Assert.Equal(8080, ranges[1].StartPort);
            Assert.True(ranges[1].Administered);
        }

        [Fact]
        public void ConstructedNetshText_Merge_KeepsIPv4AndIPv6ListingsOnceEach_AdministeredIfEitherSaysSo()
        {
            var env = WindowsEnvironment();
            var excluded = env.ReservedRanges(TransportProtocol.Tcp);

            Assert.Equal(new[] { 5357, 49671, 50000, 61117, 61220, 62000 }, excluded.Select(r => r.StartPort));
            Assert.True(excluded.Single(r => r.StartPort == 50000).Administered);
        }

        [Fact]
        public void Merge_Of32kRangesListedUnderIPv4AndIPv6_IsNearLinear()
        {
            // Hyper-V and WSL hosts can carry thousands of exclusions, each listed under both ipv4 and ipv6; a search
            // of the merged list per range took 3.8 s for 32k ranges, ~15 s for these 64k listings. The bound is against
            // that blow-up, not a timing.
            var ranges = new List<PortRange>();
            for (int copy = 0; copy < 2; copy++)
            {
                for (int i = 0; i < 32768; i++)
                {
                    int start = 1 + (i * 2);
                    ranges.Add(new PortRange(TransportProtocol.Tcp, start, start, PortRangeKind.Excluded, "netsh")
                    {
                        Administered = copy == 1 && i % 2 == 0
                    });
                }
            }

            var watch = Stopwatch.StartNew();
            var merged = WindowsPortText.Merge(ranges);
            watch.Stop();

            Assert.Equal(32768, merged.Count);
            Assert.Equal(16384, merged.Count(r => r.Administered));
            Assert.True(merged.Zip(merged.Skip(1), (a, b) => a.StartPort < b.StartPort).All(x => x));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed.TotalSeconds:F1} s");
        }

        [Theory]
        [InlineData("dynamicport-ipv4-tcp-default.txt", 49152, 65535)]
        [InlineData("dynamicport-ipv4-udp-moved.txt", 10000, 10999)]
        [InlineData("dynamicport-ipv4-tcp-german.txt", 49152, 65535)]
        public void ConstructedNetshText_DynamicPort_ReadsStartAndCount(string file, int start, int end)
        {
            var range = WindowsPortText.ParseDynamicRange(Fixture(file), TransportProtocol.Tcp, "netsh int ipv4 show dynamicport tcp")!;

            Assert.Equal(start, range.StartPort);
            Assert.Equal(end, range.EndPort);
            Assert.Equal(PortRangeKind.Ephemeral, range.Kind);
            Assert.Equal("netsh int ipv4 show dynamicport tcp", range.Source);
        }

        [Theory]
        [InlineData("")]
        [InlineData("Start Port : 65000\r\nNumber of Ports : 1000\r\n")]
        [InlineData("Start Port : x\r\nNumber of Ports : 10\r\n")]
        public void DynamicPort_RejectsTextThatIsNotAValidRange(string text)
        {
            Assert.Null(WindowsPortText.ParseDynamicRange(text, TransportProtocol.Tcp, "netsh"));
        }

        [Fact]
        public void ConstructedNetshText_PlannedPortInExcludedRange_IsAnExcludedRangeError()
        {
            var conflicts = ConflictAnalyzer.Analyze(new Endpoint[0], WindowsEnvironment(), new PlannedBind(new[] { 49700, 50010, 8080 },
                new[] { TransportProtocol.Tcp }));

            var hyperV = conflicts.Single(c => c.Port == 49700 && c.Kind == ConflictKind.ExcludedRange);
            Assert.Equal(ConflictSeverity.Error, hyperV.Severity);
            Assert.Contains("49671-49770", hyperV.Message);
            Assert.Contains("net stop winnat", hyperV.Remedy);
            var administered = conflicts.Single(c => c.Port == 50010 && c.Kind == ConflictKind.ExcludedRange);
            Assert.Contains("administered", administered.Message);
            Assert.Contains("delete excludedportrange protocol=tcp startport=50000 numberofports=60", administered.Remedy);
            Assert.DoesNotContain(conflicts, c => c.Port == 8080);

            // Excluded ports are never handed out automatically either, so there is no ephemeral warning on top.
            Assert.DoesNotContain(conflicts, c => c.Port == 49700 && c.Kind == ConflictKind.EphemeralRange);
        }

        [Fact]
        public void ConstructedNetshText_UsableEphemeralPorts_SubtractsExclusionsInsideTheDynamicRange()
        {
            var env = WindowsEnvironment();

            // 16384 dynamic ports minus 100 + 60 + 100 + 100 + 100 excluded inside 49152-65535 (5357 lies outside).
            Assert.Equal(16384 - 460, env.UsableEphemeralPorts(TransportProtocol.Tcp));
            Assert.Equal(1000, env.UsableEphemeralPorts(TransportProtocol.Udp));
        }

        [Fact]
        public void ConstructedNetshText_EphemeralRemedyNamesNetsh()
        {
            var conflict = ConflictAnalyzer.Analyze(new Endpoint[0], WindowsEnvironment(), new PlannedBind(new[] { 55000 },
                new[] { TransportProtocol.Tcp }))
                .Single(c => c.Kind == ConflictKind.EphemeralRange);

            Assert.Contains("netsh int ipv4 add excludedportrange protocol=tcp startport=55000 numberofports=1", conflict.Remedy);
            Assert.Contains("netsh int ipv4 show dynamicport tcp", conflict.Message);
        }
    }
}
