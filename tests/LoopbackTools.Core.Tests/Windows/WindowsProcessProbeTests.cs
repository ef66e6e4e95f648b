using System;
using System.Collections.Generic;
using System.Diagnostics;
using LoopbackTools.Native;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>
    /// Windows is not here: the probe runs over a fake of the Win32 calls that grants and refuses access rights the way
    /// Windows does for a non-elevated caller looking at a service.
    /// </summary>
    public class WindowsProcessProbeTests
    {
        private static readonly DateTime Created = new DateTime(2024, 4, 30, 8, 15, 0, DateTimeKind.Utc);

        /// <summary>One fake process: which rights OpenProcess grants, and what each query then answers.</summary>
        private sealed class FakeProcess
        {
            public uint GrantedAccess { get; set; } = Kernel32.PROCESS_QUERY_LIMITED_INFORMATION;

            public string? ListName { get; set; }

            public string? Path { get; set; }

            public uint PathError { get; set; }

            public DateTime? CreatedUtc { get; set; }

            public string? User { get; set; }

            public uint UserError { get; set; }
        }

        private sealed class FakeApi : IWindowsProcessApi
        {
            public Dictionary<int, FakeProcess> Processes { get; } = new Dictionary<int, FakeProcess>();

            public List<(int Pid, uint Access)> Opened { get; } = new List<(int, uint)>();

            public int Closed { get; private set; }

            public int ListLookups { get; private set; }

            public uint Open(int processId, uint desiredAccess, out IOpenedProcess? process)
            {
                Opened.Add((processId, desiredAccess));
                process = null;
                if (!Processes.TryGetValue(processId, out var fake))
                {
                    return WinError.ERROR_INVALID_PARAMETER;
                }

                if ((desiredAccess & ~fake.GrantedAccess) != 0)
                {
                    return WinError.ERROR_ACCESS_DENIED;
                }

                process = new FakeOpenedProcess(fake, () => Closed++);
                return WinError.ERROR_SUCCESS;
            }

            public string? ProcessListName(int processId)
            {
                ListLookups++;
                return Processes.TryGetValue(processId, out var fake) ? fake.ListName : null;
            }

            private sealed class FakeOpenedProcess : IOpenedProcess
            {
                private readonly FakeProcess _fake;
                private readonly Action _onClose;

                public FakeOpenedProcess(FakeProcess fake, Action onClose)
                {
                    _fake = fake;
                    _onClose = onClose;
                }

                public uint ImagePath(out string? path)
                {
                    path = _fake.PathError == 0 ? _fake.Path : null;
                    return _fake.PathError;
                }

                public uint CreationTimeUtc(out DateTime createdUtc)
                {
                    createdUtc = _fake.CreatedUtc ?? default;
                    return _fake.CreatedUtc.HasValue ? WinError.ERROR_SUCCESS : WinError.ERROR_ACCESS_DENIED;
                }

                public uint UserName(out string? userName)
                {
                    userName = _fake.UserError == 0 ? _fake.User : null;
                    return _fake.UserError;
                }

                public void Dispose() => _onClose();
            }
        }

        [Fact]
        public void WindowsProcessProbe_ReadsPathStartAndUser_WhereMainModulesRightsAreDenied_WithFakeApi()
        {
            // A service seen from a non-elevated session: PROCESS_QUERY_INFORMATION | PROCESS_VM_READ (what
            // Process.MainModule opens with) is refused, PROCESS_QUERY_LIMITED_INFORMATION is granted.
            var api = new FakeApi();
            api.Processes[1234] = new FakeProcess
            {
                GrantedAccess = Kernel32.PROCESS_QUERY_LIMITED_INFORMATION,
                Path = @"C:\Windows\System32\svchost.exe",
                CreatedUtc = Created,
                User = @"NT AUTHORITY\LOCAL SERVICE",
                ListName = "svchost",
            };
            uint mainModuleRights = Kernel32.PROCESS_QUERY_INFORMATION | Kernel32.PROCESS_VM_READ;
            Assert.Equal(WinError.ERROR_ACCESS_DENIED, api.Open(1234, mainModuleRights, out _));
            api.Opened.Clear();

            var probe = new WindowsProcessProbe(api).Probe(1234);

            Assert.Equal(new[] { (1234, Kernel32.PROCESS_QUERY_LIMITED_INFORMATION) }, api.Opened);
            Assert.False(probe.Exited);
            Assert.False(probe.Unreadable);
            Assert.False(probe.UserUnreadable);
            Assert.Equal("svchost", probe.Name);
            Assert.Equal(@"C:\Windows\System32\svchost.exe", probe.Path);
            Assert.Equal(Created, probe.StartTime);
            Assert.Equal(@"NT AUTHORITY\LOCAL SERVICE", probe.UserName);
            Assert.Equal(0, api.ListLookups); // the name comes from the path read through the same handle
            Assert.Equal(1, api.Closed);
        }

        [Fact]
        public void WindowsProcessProbe_KeepsPathAndStart_WhenOnlyTheTokenIsDenied_WithFakeApi()
        {
            var api = new FakeApi();
            api.Processes[2000] = new FakeProcess
            {
                Path = @"D:\Program Files\SQL\sqlservr.exe",
                CreatedUtc = Created,
                UserError = WinError.ERROR_ACCESS_DENIED,
            };

            var probe = new WindowsProcessProbe(api).Probe(2000);

            Assert.Equal("sqlservr", probe.Name);
            Assert.Equal(@"D:\Program Files\SQL\sqlservr.exe", probe.Path);
            Assert.Equal(Created, probe.StartTime);
            Assert.Null(probe.UserName);
            Assert.True(probe.UserUnreadable);
            Assert.False(probe.Unreadable);
            Assert.Equal(1, api.Closed);
        }

        [Fact]
        public void WindowsProcessProbe_NamesAProcessFromTheList_WhenEvenTheLimitedRightIsDenied_WithFakeApi()
        {
            var api = new FakeApi();
            api.Processes[3000] = new FakeProcess { GrantedAccess = 0, ListName = "MsMpEng", Path = "never read" };

            var probe = new WindowsProcessProbe(api).Probe(3000);

            Assert.Equal("MsMpEng", probe.Name);
            Assert.Null(probe.Path);
            Assert.Null(probe.StartTime);
            Assert.Null(probe.UserName);
            Assert.True(probe.Unreadable);
            Assert.True(probe.UserUnreadable);
            Assert.False(probe.Exited);
            Assert.Equal(0, api.Closed);
        }

        [Fact]
        public void WindowsProcessProbe_FallsBackToTheListName_ForAProcessWithoutAnImageFile_WithFakeApi()
        {
            // "Registry" and "Memory Compression" open, have a start time and a user, but no image path.
            var api = new FakeApi();
            api.Processes[120] = new FakeProcess
            {
                ListName = "Registry",
                PathError = 31, // ERROR_GEN_FAILURE
                CreatedUtc = Created,
                User = @"NT AUTHORITY\SYSTEM",
            };

            var probe = new WindowsProcessProbe(api).Probe(120);

            Assert.Equal("Registry", probe.Name);
            Assert.Null(probe.Path);
            Assert.Equal(Created, probe.StartTime);
            Assert.True(probe.Unreadable);
            Assert.False(probe.UserUnreadable);
            Assert.Equal(1, api.ListLookups);
            Assert.Equal(1, api.Closed);
        }

        [Fact]
        public void WindowsProcessProbe_ReportsExited_ForAnIdNoProcessHas_WithFakeApi()
        {
            var probe = new WindowsProcessProbe(new FakeApi()).Probe(4444);

            Assert.True(probe.Exited);
            Assert.Null(probe.Name);
        }

        [Fact]
        public void WindowsProcessProbe_ReportsExited_WhenDeniedAndGoneFromTheList_WithFakeApi()
        {
            var api = new FakeApi();
            api.Processes[5000] = new FakeProcess { GrantedAccess = 0, ListName = null };

            Assert.True(new WindowsProcessProbe(api).Probe(5000).Exited);
        }

        [Theory]
        [InlineData(@"C:\Windows\System32\svchost.exe", "svchost")]
        [InlineData(@"C:\Tools\APP.EXE", "APP")]
        [InlineData(@"C:\Tools\tool.com", "tool.com")]
        [InlineData(@"C:\Tools\my.app.exe", "my.app")]
        [InlineData("notepad.exe", "notepad")]
        [InlineData(@"C:\odd\.exe", ".exe")]
        public void WindowsProcessProbe_ShortName_MatchesTheProcessListForm(string path, string expected)
        {
            Assert.Equal(expected, WindowsProcessProbe.ShortName(path));
        }

        [Fact]
        public void Win32ProcessApi_ProcessListName_ReadsThisLiveTestProcess()
        {
            // The process-list part is System.Diagnostics.Process, which runs here too; the handle part is Windows-only.
            using var me = Process.GetCurrentProcess();

            Assert.Equal(me.ProcessName, new Win32ProcessApi().ProcessListName(me.Id));
            Assert.Null(new Win32ProcessApi().ProcessListName(int.MaxValue - 3));
        }
    }
}
