using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>Windows is not here: the resolver runs over a fake probe that answers as Windows would.</summary>
    public class WindowsProcessOwnerResolverTests
    {
        private static readonly DateTime TableRead = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

        private static SocketRecord Row(int pid, int port = 1, TransportProtocol protocol = TransportProtocol.Tcp, DateTime? readAt = null) =>
            new SocketRecord
            {
                Protocol = protocol,
                Family = IPFamily.IPv4,
                LocalPort = port,
                State = protocol == TransportProtocol.Tcp ? SocketState.Established : SocketState.Bound,
                OwnerProcessId = pid,
                ReadAtUtc = readAt,
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
            var start = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
            var fake = new FakeProbe();
            fake.Processes[1200] = new ProcessProbe { Name = "web", Path = @"C:\apps\web.exe", StartTime = start, UserName = @"CORP\ana" };
            fake.Processes[1300] = new ProcessProbe { Name = "db", Path = @"C:\apps\db.exe", StartTime = start, UserName = @"NT AUTHORITY\SYSTEM" };
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
            Assert.Equal(start, web.StartTime!.Value.ToUniversalTime());
            Assert.Equal(DateTimeKind.Local, web.StartTime.Value.Kind);
            Assert.Equal(@"CORP\ana", web.UserName);
            Assert.Null(web.CommandLine);
            Assert.Equal(@"NT AUTHORITY\SYSTEM", lookup.Owners[1]!.UserName);
            Assert.Equal(0, lookup.MissingCount);
            Assert.Null(lookup.MissingReason);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_NamesIdleAndSystem_InTheTcpTable_WithoutProbing()
        {
            var fake = new FakeProbe();

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(0), Row(4), Row(0) }, CancellationToken.None);

            Assert.Empty(fake.Asked);
            Assert.Equal("System Idle Process", lookup.Owners[0]!.Name);
            Assert.Equal(0, lookup.Owners[0]!.ProcessId);
            Assert.Equal("System", lookup.Owners[1]!.Name);
            Assert.Equal(4, lookup.Owners[1]!.ProcessId);
            Assert.Same(lookup.Owners[0], lookup.Owners[2]);
            Assert.Equal(0, lookup.MissingCount);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_GivesPidZeroUdpRowsNoOwner_AndCountsThem_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[900] = new ProcessProbe { Name = "dns", Path = @"C:\dns.exe", StartTime = TableRead.AddHours(-1), UserName = "x" };
            var sockets = new[]
            {
                Row(0, 5353, TransportProtocol.Udp),
                Row(900, 53, TransportProtocol.Udp),
                Row(0, 5355, TransportProtocol.Udp),
                Row(0, 60000, TransportProtocol.Tcp),
            };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(sockets, CancellationToken.None);

            Assert.Null(lookup.Owners[0]);
            Assert.Equal("dns", lookup.Owners[1]!.Name);
            Assert.Null(lookup.Owners[2]);
            Assert.Equal("System Idle Process", lookup.Owners[3]!.Name); // TIME_WAIT's PID 0 in the TCP table
            Assert.Equal(new[] { 900 }, fake.Asked);
            Assert.Equal(2, lookup.MissingCount);
            Assert.Equal("Windows' UDP table gives PID 0 for 2 UDP sockets, its way of saying the owner is unavailable.", lookup.MissingReason);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_DropsAnOwnerThatStartedAfterTheTableWasRead_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[700] = new ProcessProbe
            {
                Name = "impostor",
                Path = @"C:\x.exe",
                StartTime = TableRead.AddMilliseconds(17),
                UserName = "u",
            };
            fake.Processes[800] = new ProcessProbe { Name = "holder", Path = @"C:\h.exe", StartTime = TableRead.AddMilliseconds(15), UserName = "u" };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(
                new[] { Row(700, 1, readAt: TableRead), Row(800, 2, readAt: TableRead), Row(700, 3, readAt: TableRead) },
                CancellationToken.None);

            Assert.Null(lookup.Owners[0]);
            Assert.Equal("holder", lookup.Owners[1]!.Name); // within one clock tick of the read: may have held it
            Assert.Null(lookup.Owners[2]);
            Assert.DoesNotContain(lookup.Owners, o => o?.Name == "impostor");
            Assert.Equal(2, lookup.MissingCount);
            Assert.Equal(
                "the PID of 2 sockets now belongs to a process that started after the table was read (the holder exited "
                + "and Windows reused its id), so no owner is shown rather than the wrong one.",
                lookup.MissingReason);
            Assert.Null(lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ComparesEachRowWithItsOwnTablesReadTime_WithFakeProbe()
        {
            // The TCP table was read before the process started, the UDP table after: only the UDP row can be its.
            var fake = new FakeProbe();
            fake.Processes[1500] = new ProcessProbe { Name = "late", Path = @"C:\late.exe", StartTime = TableRead.AddSeconds(1), UserName = "u" };
            var sockets = new[]
            {
                Row(1500, 8080, TransportProtocol.Tcp, TableRead),
                Row(1500, 8081, TransportProtocol.Udp, TableRead.AddSeconds(2)),
            };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(sockets, CancellationToken.None);

            Assert.Null(lookup.Owners[0]);
            Assert.Equal("late", lookup.Owners[1]!.Name);
            Assert.Equal(1, lookup.MissingCount);
            Assert.Equal(new[] { 1500 }, fake.Asked);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ChecksLocalTimeProbesInUtc_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[1600] = new ProcessProbe { Name = "late", StartTime = TableRead.AddMinutes(5).ToLocalTime(), Path = "p", UserName = "u" };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(1600, readAt: TableRead) }, CancellationToken.None);

            Assert.Null(lookup.Owners[0]);
            Assert.Equal(1, lookup.MissingCount);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_KeepsOwners_WhenTheSourceDidNotStampTheReadTime_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[1700] = new ProcessProbe { Name = "app", StartTime = DateTime.UtcNow.AddDays(1), Path = "p", UserName = "u" };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(1700) }, CancellationToken.None);

            Assert.Equal("app", lookup.Owners[0]!.Name);
            Assert.Equal(0, lookup.MissingCount);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_SaysWhatCouldNotBeRead_WithoutPromisingElevation_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[700] = new ProcessProbe { Name = "Registry", StartTime = TableRead, Unreadable = true, UserName = @"NT AUTHORITY\SYSTEM" };
            fake.Processes[800] = new ProcessProbe { Name = "svchost", Unreadable = true, UserUnreadable = true };
            fake.Processes[900] = new ProcessProbe { Name = "sqlservr", Path = @"C:\sql.exe", StartTime = TableRead, UserUnreadable = true };
            fake.Processes[1000] = new ProcessProbe { Name = "mine", Path = @"C:\mine.exe", StartTime = TableRead, UserName = @"PC\me" };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(
                new[] { Row(700), Row(800), Row(900), Row(800), Row(1000) },
                CancellationToken.None);

            Assert.All(lookup.Owners, o => Assert.NotNull(o));
            Assert.Equal("svchost", lookup.Owners[1]!.Name);
            Assert.Null(lookup.Owners[1]!.Path);
            Assert.Null(lookup.Owners[2]!.UserName);
            Assert.Equal(@"C:\sql.exe", lookup.Owners[2]!.Path);
            Assert.Equal(0, lookup.MissingCount);
            Assert.Null(lookup.MissingReason);
            Assert.Equal(
                "2 processes gave no path or start time, not even to PROCESS_QUERY_LIMITED_INFORMATION (system processes without an "
                + "image file, or a process that denies even that right); 2 processes did not let their access token be queried "
                + "(TOKEN_QUERY), so their user is unknown (other users' and services' processes; an elevated PowerShell can read "
                + "most of them).",
                lookup.IncompleteReason);
            Assert.DoesNotContain("run PowerShell as Administrator", lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_KeepsPid_AndExplains_WhenFakeProcessExited()
        {
            var fake = new FakeProbe();
            fake.Processes[600] = new ProcessProbe { Name = "locked", Unreadable = true, UserUnreadable = true };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(500), Row(600) }, CancellationToken.None);

            Assert.Equal(500, lookup.Owners[0]!.ProcessId);
            Assert.Null(lookup.Owners[0]!.Name);
            Assert.EndsWith("; 1 process exited before it could be read, so only the process id is known.", lookup.IncompleteReason);
            Assert.StartsWith("1 process gave no path or start time", lookup.IncompleteReason);
            Assert.Contains("1 process did not let its access token be queried (TOKEN_QUERY), so its user is unknown", lookup.IncompleteReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_DoesNotCountAProcessWhoseEveryRowWasDropped_WithFakeProbe()
        {
            var fake = new FakeProbe();
            fake.Processes[1800] = new ProcessProbe { Name = "new", StartTime = TableRead.AddSeconds(3), UserUnreadable = true, Path = "p" };

            var lookup = new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(1800, readAt: TableRead) }, CancellationToken.None);

            Assert.Null(lookup.Owners[0]);
            Assert.Null(lookup.IncompleteReason); // its fields describe a process that is not an owner
            Assert.Equal(1, lookup.MissingCount);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_ReturnsAlignedEmptyLookup_ForNoSockets()
        {
            var lookup = new WindowsProcessOwnerResolver(new FakeProbe().Probe).Resolve(Array.Empty<SocketRecord>(), CancellationToken.None);

            Assert.Empty(lookup.Owners);
            Assert.Null(lookup.IncompleteReason);
            Assert.Null(lookup.MissingReason);
        }

        [Fact]
        public void WindowsProcessOwnerResolver_StopsProbing_WhenCancelled()
        {
            var fake = new FakeProbe();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.Throws<OperationCanceledException>(
                () => new WindowsProcessOwnerResolver(fake.Probe).Resolve(new[] { Row(100) }, cancelled.Token));
            Assert.Empty(fake.Asked);
        }
    }
}
