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
        public void Problem_NamesBadPatterns(string pattern)
        {
            Assert.NotNull(ProcessPattern.Problem(pattern));
        }
    }
}
