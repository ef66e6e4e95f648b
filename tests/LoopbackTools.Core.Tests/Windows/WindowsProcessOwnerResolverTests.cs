using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using LoopbackTools.Sockets;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    public class WindowsProcessOwnerResolverTests
    {
        private static SocketRecord Row(int pid, int port = 1) => new SocketRecord
        {
            Protocol = TransportProtocol.Tcp,
            Family = IPFamily.IPv4,
            LocalPort = port,
            State = SocketState.Established,
            OwnerProcessId = pid,
        };

        private sealed class FakeProbe
        {
            public Dictionary<int, ProcessProbe> Processes { get; } = new Dictionary<int, ProcessProbe>();

            public List<int> Asked { get; } = new List<int>();

            public ProcessProbe Probe(int pid)
            {
                Asked.Add(pid);
                return Processes.TryGetValue(pid, out var p) ? p : ProcessProbe.Gone();
            }
        }

        [Fact]
        public void WindowsProcessOwnerResolver_SharesOneOwnerPerPid_AndProbesEachPidOnce_WithFakeProbe()
        {
            var start = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Local);
            var fake = new FakeProbe();
            fake.Processes[1200] = new ProcessProbe { Name = "web", Path = @"C:\apps\web.exe", StartTime = start };
            fake.Processes[1300] = new ProcessProbe { Name = "db", Path = @"C:\apps\db.exe", StartTime = start };
            var sockets = new[] { Row(1200, 80), Row(1300, 5432), Row(1200, 443), Row(1200, 8080) };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(sockets, CancellationToken.None);

            Assert.Equal(new[] { 1200, 1300 }, fake.Asked);
            Assert.Equal(4, lookup.Owners.Count);
            Assert.Same(lookup.Owners[0], lookup.Owners[2]);
            Assert.Same(lookup.Owners[0], lookup.Owners[3]);
            var web = lookup.Owners[0]!;
            Assert.Equal(1200, web.ProcessId);
            Assert.Equal("web", web.Name);
            Assert.Equal(@"C:\apps\web.exe", web.Path);
            Assert.Equal(start, web.StartTime);
            Assert.Null(web.CommandLine);
            Assert.Null(web.UserName);
            Assert.Equal("db", lookup.Owners[1]!.Name);
            Assert.Null(lookup.MissingReason);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_NamesIdleAndSystem_WithoutProbing()
        {
            var fake = new FakeProbe();

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(0), Row(4), Row(0) }, CancellationToken.None);

            Assert.Empty(fake.Asked);
            Assert.Equal("System Idle Process", lookup.Owners[0]!.Name);
            Assert.Equal(0, lookup.Owners[0]!.ProcessId);
            Assert.Equal("System", lookup.Owners[1]!.Name);
            Assert.Equal(4, lookup.Owners[1]!.ProcessId);
            Assert.Same(lookup.Owners[0], lookup.Owners[2]);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_KeepsPidAndName_AndExplains_WhenFakeProbeIsDeniedAccess()
        {
            var fake = new FakeProbe();
            fake.Processes[700] = new ProcessProbe { Name = "lsass", Unreadable = true };
            fake.Processes[800] = new ProcessProbe { Name = "svchost", Unreadable = true };
            fake.Processes[900] = new ProcessProbe { Name = "mine", Path = @"C:\mine.exe", StartTime = DateTime.Now };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(700), Row(800), Row(900), Row(800) }, CancellationToken.None);

            Assert.All(lookup.Owners, o => Assert.NotNull(o));
            Assert.Equal("lsass", lookup.Owners[0]!.Name);
            Assert.Null(lookup.Owners[0]!.Path);
            Assert.Null(lookup.MissingReason);
            Assert.Equal(
                "2 processes could not be opened to read the path and start time (access denied: elevated or protected processes); run PowerShell as Administrator to see more of them.",
                lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_KeepsPid_AndExplains_WhenFakeProcessExited()
        {
            var fake = new FakeProbe();
            fake.Processes[600] = new ProcessProbe { Name = "locked", Unreadable = true };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(500), Row(600) }, CancellationToken.None);

            Assert.Equal(500, lookup.Owners[0]!.ProcessId);
            Assert.Null(lookup.Owners[0]!.Name);
            Assert.Equal(
                "1 process could not be opened to read the path and start time (access denied: elevated or protected processes); run PowerShell as Administrator to see more of them; "
                + "1 process exited before it could be read, so only the process id is known.",
                lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ReturnsAlignedEmptyLookup_ForNoSockets()
        {
            var lookup = new WindowsProcessOwnerResolver(new FakeProbe().Probe).Resolve(Array.Empty<SocketRecord>(), CancellationToken.None);

            Assert.Empty(lookup.Owners);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ProcessClassProbe_ReadsThisLiveTestProcess()
        {
            // System.Diagnostics.Process is portable, so the real probe runs here against the test host itself.
            using var me = Process.GetCurrentProcess();

            var probe = WindowsProcessOwnerResolver.ProbeWithProcessClass(me.Id);

            Assert.False(probe.Exited);
            Assert.False(probe.Unreadable);
            Assert.Equal(me.ProcessName, probe.Name);
            Assert.False(string.IsNullOrEmpty(probe.Path));
            Assert.NotNull(probe.StartTime);
            Assert.InRange(probe.StartTime!.Value, DateTime.Now.AddHours(-1), DateTime.Now.AddMinutes(1));
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ProcessClassProbe_ReportsExited_ForPidThatIsNotRunning()
        {
            var probe = WindowsProcessOwnerResolver.ProbeWithProcessClass(int.MaxValue - 3);

            Assert.True(probe.Exited);
            Assert.Null(probe.Name);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_WithRealProbe_ResolvesThisLiveProcess()
        {
            using var me = Process.GetCurrentProcess();

            var lookup = new WindowsProcessOwnerResolver().Resolve(new[] { Row(me.Id), Row(me.Id) }, CancellationToken.None);

            var owner = lookup.Owners.Distinct().Single();
            Assert.Equal(me.Id, owner!.ProcessId);
            Assert.Equal(me.ProcessName, owner.Name);
            Assert.Null(lookup.IncompleteReason);
        }
    }
}
