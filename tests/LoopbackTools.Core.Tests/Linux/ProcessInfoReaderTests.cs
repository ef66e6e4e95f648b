using System;
using System.IO;
using LoopbackTools.Linux;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// /proc text as LXCFS, gVisor and other containers' /proc shape it (constructed here, since this kernel writes
    /// well-formed files): a malformed field is unknown, never an exception, and never costs the owner its row.
    /// </summary>
    public sealed class ProcessInfoReaderTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "lbt-fakeproc-" + Guid.NewGuid().ToString("N"));

        public ProcessInfoReaderTests() => Directory.CreateDirectory(Path.Combine(_root, "42"));

        public void Dispose() => Directory.Delete(_root, true);

        [Theory]
        [InlineData("cpu 1 2 3\nbtime 1700000000\nprocesses 5\n", true)]
        [InlineData("btime 1700000000", true)]
        [InlineData("cpu 1\nbtime\n", false)]
        [InlineData("cpu 1\nbtime \n", false)]
        [InlineData("cpu 1\nbtime", false)]
        [InlineData("btime -5\n", false)]
        [InlineData("btime 99999999999999999999\n", false)]
        [InlineData("btime 9223372036854775807\n", false)]
        [InlineData("cpu 1 btime 5\n", false)]
        [InlineData("", false)]
        public void Boot_time_lines_never_throw(string stat, bool readable)
        {
            Assert.Equal(readable, ProcessInfoReader.ParseBootTime(stat).HasValue);
        }

        // 28 fields and more, as the kernel writes them: state, ppid, ... starttime (22) ... startcode (26) ... startstack (28).
        private const string Tail = " 8192 100 1844674 4194304 4198400 140737000000000";

        [Theory]
        [InlineData("42 (sleep) S 1 42 42 0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 12345" + Tail, 12345UL)]
        [InlineData("42 (a) b) c) S 1 42 42 0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 777" + Tail, 777UL)]
        [InlineData("42 (sleep)", null)]
        [InlineData("42 (sleep) ", null)]
        [InlineData("42 (sleep) S 1 2", null)]
        [InlineData("42 sleep S 1", null)]
        [InlineData("42 (sleep) S 1 42 42 0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 -3" + Tail, null)]
        [InlineData("", null)]
        public void Stat_lines_never_throw(string stat, ulong? ticks)
        {
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(stat);
            Assert.Equal(ticks, ProcStat.TryParse(bytes, bytes.Length, out var parsed) ? parsed.StartTicks : (ulong?)null);
        }

        [Fact]
        public void Start_times_past_the_calendar_are_unknown()
        {
            var boot = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            Assert.Null(ProcessInfoReader.StartTime(boot, ulong.MaxValue, 100));
            Assert.Null(ProcessInfoReader.StartTime(boot, 5, 0));
            Assert.Null(ProcessInfoReader.StartTime(null, 5, 100));
            Assert.Equal(boot.AddSeconds(5).ToLocalTime(), ProcessInfoReader.StartTime(boot, 500, 100));
        }

        [Fact]
        public void A_process_with_malformed_files_keeps_its_row_with_the_fields_that_read()
        {
            // The stat line must read: it is the process's identity (pid reuse, exec), checked before and after the
            // other files. Everything else may be malformed and is then unknown.
            string stat = "42 (redis-server) S 1 42 42 0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 12345" + Tail;
            File.WriteAllText(Path.Combine(_root, "stat"), "cpu 1\nbtime\n");
            File.WriteAllText(Path.Combine(_root, "42", "comm"), "redis-server\n");
            File.WriteAllText(Path.Combine(_root, "42", "stat"), stat);
            File.WriteAllText(Path.Combine(_root, "42", "status"), "Name:\tredis\nUid:\tnot-a-number\n");
            File.WriteAllText(Path.Combine(_root, "42", "cmdline"), "redis-server\0*:6379\0");
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(stat);
            Assert.True(ProcStat.TryParse(bytes, bytes.Length, out var seen));

            var owner = new ProcessInfoReader(_root, UserNameMap.Parse(new StringReader("root:x:0:0::/root:/bin/sh\n"))).Read(42, seen);

            Assert.NotNull(owner);
            Assert.Equal(42, owner!.ProcessId);
            Assert.Equal("redis-server", owner.Name);
            Assert.Equal("redis-server *:6379", owner.CommandLine);
            Assert.Null(owner.StartTime);
            Assert.Null(owner.UserName);
        }
    }
}
