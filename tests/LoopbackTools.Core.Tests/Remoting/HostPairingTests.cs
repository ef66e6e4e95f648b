using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Remoting;
using Xunit;

namespace LoopbackTools.Tests.Remoting
{
    public sealed class HostPairingTests
    {
        private sealed class Row
        {
            public Row(string? computer, int port)
            {
                Computer = computer;
                Port = port;
            }

            public string? Computer { get; }

            public int Port { get; }
        }

        private static List<int> Ports(HostPairing<Row> pairing, int host) => pairing.RowsByHost[host].Select(r => r.Port).ToList();

        [Fact]
        public void Each_host_gets_the_rows_naming_it_whatever_the_case_and_rows_naming_no_computer_go_to_every_host()
        {
            var rows = new[] { new Row("web1", 80), new Row("WEB2", 443), new Row(null, 22), new Row(" ", 23), new Row("Web1", 8080) };
            var pairing = HostPairing.Pair(new[] { "web1", "web2", "db1" }, rows, r => r.Computer);

            Assert.Equal(new[] { 80, 8080, 22, 23 }, Ports(pairing, 0));
            Assert.Equal(new[] { 443, 22, 23 }, Ports(pairing, 1));
            Assert.Equal(new[] { 22, 23 }, Ports(pairing, 2));
            Assert.Empty(pairing.UnmatchedNames);
            Assert.Equal(5, pairing.Total);
            Assert.Equal(new[] { "web1", "WEB2" }, pairing.Names);
        }

        [Fact]
        public void Rows_for_a_computer_no_session_goes_to_are_reported_and_given_to_no_host()
        {
            var rows = new[] { new Row("web1", 80), new Row("old-host", 25), new Row("old-host", 110), new Row("gone", 1) };
            var pairing = HostPairing.Pair(new[] { "web1", "web2" }, rows, r => r.Computer);

            Assert.Equal(new[] { 80 }, Ports(pairing, 0));
            Assert.Empty(pairing.RowsByHost[1]);
            Assert.Equal(new[] { "gone", "old-host" }, pairing.UnmatchedNames);
        }

        [Fact]
        public void Two_sessions_to_one_computer_each_get_its_rows()
        {
            var pairing = HostPairing.Pair(new[] { "web1", "WEB1" }, new[] { new Row("web1", 80) }, r => r.Computer);

            Assert.Equal(new[] { 80 }, Ports(pairing, 0));
            Assert.Equal(new[] { 80 }, Ports(pairing, 1));
        }

        [Fact]
        public void No_rows_pair_to_empty_lists()
        {
            var pairing = HostPairing.Pair(new[] { "web1" }, new Row[0], r => r.Computer);

            Assert.Empty(pairing.RowsByHost[0]);
            Assert.Equal(0, pairing.Total);
        }
    }
}
