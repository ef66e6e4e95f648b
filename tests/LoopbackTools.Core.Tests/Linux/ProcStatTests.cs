using System.Text;
using LoopbackTools.Linux;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>The stat parser on text built here, shaped as proc(5) documents it, and on this process's real stat.</summary>
    public class ProcStatTests
    {
        // Fields 1-28 of a real line (python3 child), then the rest cut.
        private const string Line =
            "4242 (python3) S 4200 4242 4200 0 -1 4194304 1020 0 0 0 3 1 0 0 20 0 1 0 987654 17000000 2300 "
            + "18446744073709551615 94000000000000 94000000100000 140730000000000 0 0 0 0 16781312 2 0 0 17 1 0 0 0 0 0";

        private static bool Parse(string text, out ProcStat stat)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return ProcStat.TryParse(bytes, bytes.Length, out stat);
        }

        [Fact]
        public void Reads_state_parent_start_and_image_fields()
        {
            Assert.True(Parse(Line, out var stat));
            Assert.Equal('S', stat.State);
            Assert.Equal(4200, stat.ParentProcessId);
            Assert.Equal(987654UL, stat.StartTicks);
            Assert.Equal(94000000000000UL, stat.StartCode);
            Assert.Equal(140730000000000UL, stat.StartStack);
            Assert.False(stat.HasExited);
        }

        [Fact]
        public void A_name_with_spaces_and_parentheses_does_not_shift_the_fields()
        {
            Assert.True(Parse(Line.Replace("(python3)", "(a) b) S 1 (c)"), out var stat));
            Assert.Equal(4200, stat.ParentProcessId);
            Assert.Equal(987654UL, stat.StartTicks);
        }

        [Fact]
        public void A_zombie_has_exited()
        {
            Assert.True(Parse(Line.Replace(") S ", ") Z "), out var stat));
            Assert.True(stat.HasExited);
        }

        [Fact]
        public void Another_start_is_another_process_and_another_stack_is_another_image()
        {
            Assert.True(Parse(Line, out var a));
            Assert.True(Parse(Line.Replace(" 987654 ", " 987655 "), out var reused));
            Assert.True(Parse(Line.Replace(" 140730000000000 ", " 140731111111111 "), out var execed));

            Assert.False(a.SameProcessAs(reused));
            Assert.True(a.SameProcessAs(execed));
            Assert.False(a.SameImageAs(execed));
            Assert.True(a.SameImageAs(a));
        }

        [Theory]
        [InlineData("")]
        [InlineData("4242 (python3")]
        [InlineData("4242 (python3) S 4200 4242")]
        [InlineData("4242 (python3) S x 4242 4200 0 -1 4194304 1020 0 0 0 3 1 0 0 20 0 1 0 987654 1 2 3 4 5 6 7")]
        [InlineData("4242 (python3) S 99999999999 4242 4200 0 -1 4194304 1020 0 0 0 3 1 0 0 20 0 1 0 987654 1 2 3 4 5 6 7")]
        public void Cut_or_malformed_text_is_refused(string text)
        {
            Assert.False(Parse(text, out _));
        }

        [Fact]
        public void This_process_reads_its_own_stat_through_its_directory()
        {
            using var self = ProcessDirectory.TryOpen("/proc", System.Environment.ProcessId, out int errno);
            Assert.NotNull(self);
            Assert.Equal(0, errno);

            Assert.True(self!.TryReadStat(new byte[1024], out var stat));
            Assert.NotEqual(0UL, stat.StartTicks);
            Assert.NotEqual(0UL, stat.StartStack);
            string ppid = System.Linq.Enumerable.Single(System.IO.File.ReadAllLines("/proc/self/status"), l => l.StartsWith("PPid:"));
            Assert.Equal(int.Parse(ppid.Substring(5).Trim()), stat.ParentProcessId);
        }
    }
}
