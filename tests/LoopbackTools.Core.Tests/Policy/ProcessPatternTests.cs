using LoopbackTools.Classification;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    public class ProcessPatternTests
    {
        [Theory]
        [InlineData("redis-server", "redis-server", null, true)]
        [InlineData("REDIS-*", "redis-server", null, true)]
        [InlineData("python?", "python3", null, true)]
        [InlineData("python?", "python3.11", null, false)]
        [InlineData("python[23]*", "python3.11", null, true)]
        [InlineData("python[4-9]", "python3", null, false)]
        [InlineData("*-server", "redis-server", null, true)]
        [InlineData("a*b*c", "axxbyyc", null, true)]
        [InlineData("a*b*c", "axxbyy", null, false)]
        [InlineData("kube-apiserver", "kube-apiserve", "/usr/local/bin/kube-apiserver", true)]
        [InlineData("nginx", "nginx", null, true)]
        [InlineData("nginx", null, null, false)]
        [InlineData("sqlservr", "sqlservr", @"C:\Program Files\SQL\sqlservr.exe", true)]
        [InlineData("sqlservr", null, @"C:\Program Files\SQL\sqlservr.exe", true)]
        [InlineData("/usr/bin/*", "node", "/usr/bin/node", true)]
        [InlineData("/usr/bin/*", "node", "/opt/node/bin/node", false)]
        [InlineData("/usr/bin/node", "node", null, false)]
        public void IsMatch(string pattern, string? name, string? path, bool expected)
        {
            Assert.Equal(expected, new ProcessPattern(pattern).IsMatch(name, path));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("redis[")]
        [InlineData("a[b]c[")]
        public void Problem_NamesBadPatterns(string pattern)
        {
            Assert.NotNull(ProcessPattern.Problem(pattern));
            Assert.Throws<System.ArgumentException>(() => new ProcessPattern(pattern));
        }

        [Fact]
        public void Problem_RefusesPatternsNoProcessCouldNeed()
        {
            Assert.Contains("longer than", ProcessPattern.Problem(new string('a', ProcessPattern.MaxElements + 1)));
            Assert.Null(ProcessPattern.Problem(new string('a', ProcessPattern.MaxElements)));
            Assert.Contains("classes", ProcessPattern.Problem(string.Concat(System.Linq.Enumerable.Repeat("[ab]", ProcessPattern.MaxClasses + 1))));
            Assert.Contains("\\x1b", ProcessPattern.Problem("\u001b[31m"));
        }

        [Theory]
        [InlineData("[a-c]x", "Bx", true)]
        [InlineData("[c-a]x", "bx", false)]
        [InlineData("[]x", "x", false)]
        [InlineData("x[-]", "x-", true)]
        [InlineData("[ab-]", "-", true)]
        [InlineData("*", "", true)]
        [InlineData("", "", true)]
        [InlineData("?", "", false)]
        [InlineData("**a**", "bab", true)]
        [InlineData("*a*a*b", "aaaaaaaaaaaaab", true)]
        [InlineData("*a*a*b", "aaaaaaaaaaaaaa", false)]
        [InlineData("\u00e9t\u00e9*", "\u00c9T\u00c9-server", true)]
        [InlineData("[\u00e0-\u00ff]x", "\u00c9x", true)]
        public void Wildcards_MatchAsPowerShellDoes(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, WildcardProgram.Compile(pattern).IsMatch(text));
        }

        [Fact]
        public void LongPatterns_SpanSeveralWords()
        {
            string pattern = "/opt/" + new string('x', 200) + "/*/bin/[a-z]*";
            var program = WildcardProgram.Compile(pattern);
            Assert.True(program.IsMatch("/opt/" + new string('x', 200) + "/1.2/bin/node"));
            Assert.False(program.IsMatch("/opt/" + new string('x', 199) + "/1.2/bin/node"));
            Assert.False(program.IsMatch("/opt/" + new string('x', 200) + "/1.2/bin/9"));
        }

        [Fact]
        public void Matching_IsLinearInTheText()
        {
            // A backtracking matcher is quadratic here: every 'a' restarts the search after the last star.
            var program = new ProcessPattern("/" + string.Concat(System.Linq.Enumerable.Repeat("*a", 50)) + "*b");
            string text = "/" + new string('a', 160 * 1024);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.False(program.IsMatch(null, text));
            Assert.True(watch.Elapsed.TotalSeconds < 1, $"{watch.Elapsed.TotalSeconds:0.00} s");
        }

        [Fact]
        public void A_16k_character_class_against_a_4KB_path_is_fast()
        {
            // Issue 15.5: testing each character against the class member by member was 0.3 s a match.
            var members = new System.Text.StringBuilder();
            for (int i = 0; i < 16 * 1024; i++)
            {
                members.Append((char)(0x4E00 + (i * 7 % 20000)));
            }

            var pattern = new ProcessPattern("/*[" + members + "]*");
            string path = "/" + new string('q', 4096);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 100; i++)
            {
                Assert.False(pattern.IsMatch(null, path));
            }

            Assert.True(watch.Elapsed.TotalSeconds < 1, $"{watch.Elapsed.TotalSeconds:0.00} s for 100 matches");
            Assert.True(pattern.IsMatch(null, "/" + new string('q', 4096) + (char)0x4E07));
        }
    }
}
