using System;
using LoopbackTools.FreePorts;
using Xunit;

namespace LoopbackTools.Tests.FreePorts
{
    public class PortListTests
    {
        [Fact]
        public void Reads_ranges_single_ports_and_lists_and_removes_duplicates()
        {
            var list = PortList.Parse(new[] { "8000-8002", "8001..8003", "9000", "9002, 9003" });
            Assert.Equal(new[] { 8000, 8001, 8002, 8003, 9000, 9002, 9003 }, list.Ports);
            Assert.Equal("8000-8003, 9000, 9002-9003", list.Text);
        }

        [Fact]
        public void Reads_an_int_array_as_PowerShell_passes_it()
        {
            Assert.Equal(new[] { 5000, 5001, 5002 }, PortList.Parse(new[] { "5002", "5000", "5001" }).Ports);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("65536")]
        [InlineData("9000-8000")]
        [InlineData("http")]
        [InlineData("80-")]
        [InlineData("-5")]
        public void Refuses_what_is_not_a_port_range_and_names_it(string text)
        {
            var e = Assert.Throws<FormatException>(() => PortList.Parse(new[] { text }));
            Assert.Contains($"'{text}'", e.Message);
        }

        [Fact]
        public void Refuses_an_empty_list()
        {
            Assert.Throws<FormatException>(() => PortList.Parse(new[] { " , " }));
        }
    }
}
