using System.Collections.Generic;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Ranges
{
    /// <summary>
    /// Every range read from the OS is checked (start + count - 1 &lt;= 65535, count &gt; 0, start &lt;= end): a bad one
    /// is left out and described for a warning. The texts are constructed (netsh and sysctl do not run here).
    /// </summary>
    public class OsRangeValidationTests
    {
        [Fact]
        public void Netsh_dynamic_range_past_65535_is_refused_not_wrapped()
        {
            // Start 65535 + 2147483647 ports overflowed an int and passed the check as a negative end.
            const string Text = "\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\n"
                + "Start Port      : 65535\r\nNumber of Ports : 2147483647\r\n";
            var problems = new List<string>();
            Assert.Null(WindowsPortText.ParseDynamicRange(Text, TransportProtocol.Tcp, "netsh int ipv4 show dynamicport tcp", problems));
            var problem = Assert.Single(problems);
            Assert.Contains("2147483647 ports from 65535", problem);
            Assert.Contains("not used", problem);
        }

        [Theory]
        [InlineData("Start Port : 0\nNumber of Ports : 10\n", "10 ports from 0")]
        [InlineData("Start Port : 49152\nNumber of Ports : 0\n", "0 ports from 49152")]
        [InlineData("Start Port : 99999999999999999999999\nNumber of Ports : 1\n", "ports from 9223372036854775807")]
        [InlineData("nothing useful\n", "no start port")]
        [InlineData("Start Port : 4294967296\nNumber of Ports : 9223372036854775808\n", "ports from 4294967296")]
        public void Netsh_dynamic_ranges_that_are_no_ranges_are_described(string text, string words)
        {
            var problems = new List<string>();
            Assert.Null(WindowsPortText.ParseDynamicRange(text, TransportProtocol.Udp, "netsh", problems));
            Assert.Contains(words, Assert.Single(problems));
        }

        [Fact]
        public void A_flood_of_bad_entries_is_a_few_warnings_not_one_each()
        {
            // Found by the fuzzer: a megabyte of bad entries made half a million warnings (and 2.6 s).
            var problems = new List<string>();
            ReservedRangeReader.ParseLinuxReserved(string.Join(",", System.Linq.Enumerable.Repeat("9-3", 100000)), TransportProtocol.Tcp, problems);
            Assert.Equal(OsText.MaxProblems + 1, problems.Count);
            Assert.Contains("99997 more entries like these", problems[OsText.MaxProblems]);
        }

        [Fact]
        public void Netsh_excluded_rows_out_of_range_are_left_out_and_described()
        {
            const string Text = "Start Port    End Port\n----------    --------\n      5357        5357\n     70000       70010\n"
                + "     50010       50000     *\n     50000       50059     *\n";
            var problems = new List<string>();
            var ranges = WindowsPortText.ParseExcludedRanges(Text, TransportProtocol.Tcp, "netsh", problems);
            Assert.Equal(new[] { (5357, 5357), (50000, 50059) }, System.Linq.Enumerable.Select(ranges, r => (r.StartPort, r.EndPort)));
            Assert.Equal(2, problems.Count);
            Assert.Contains("70000-70010", problems[0]);
            Assert.Contains("50010-50000", problems[1]);
        }

        [Theory]
        [InlineData("60999 32768\n")]
        [InlineData("0 100\n")]
        [InlineData("32768 70000\n")]
        [InlineData("\u001b[2J 1\n")]
        public void Linux_ephemeral_range_that_is_no_range_is_described(string text)
        {
            var problems = new List<string>();
            Assert.Null(EphemeralRangeReader.ParseLinux(text, TransportProtocol.Tcp, problems));
            var problem = Assert.Single(problems);
            Assert.StartsWith(EphemeralRangeReader.LinuxPath, problem);
            Assert.Equal(-1, problem.IndexOf('\u001b'));
        }

        [Fact]
        public void Linux_reserved_and_privileged_text_is_checked()
        {
            var problems = new List<string>();
            Assert.Single(ReservedRangeReader.ParseLinuxReserved("8080,9-3,70000\n", TransportProtocol.Tcp, problems));
            Assert.Equal(2, problems.Count);
            Assert.Null(ReservedRangeReader.ParseLinuxUnprivilegedStart("99999", TransportProtocol.Tcp, problems));
            Assert.Equal(3, problems.Count);
        }

        [Theory]
        [InlineData("65536\n1\n")]
        [InlineData("net.inet.ip.portrange.first: 0\nnet.inet.ip.portrange.last: 65535\n")]
        [InlineData("49152\nlots\n")]
        public void Mac_sysctl_ranges_that_are_no_ranges_are_described(string text)
        {
            var problems = new List<string>();
            Assert.Null(MacPortText.ParseSysctl(text, TransportProtocol.Tcp, problems));
            Assert.Single(problems);
        }

        [Fact]
        public void A_mac_range_that_counts_down_is_the_ports_between_its_ends()
        {
            // macOS lets first exceed last; the kernel then hands ports out counting down. That is a range, not a problem.
            var problems = new List<string>();
            var range = MacPortText.ParseSysctl("65535\n49152\n", TransportProtocol.Tcp, problems);
            Assert.NotNull(range);
            Assert.Equal(49152, range!.StartPort);
            Assert.Equal(65535, range.EndPort);
            Assert.Empty(problems);
        }
    }
}
