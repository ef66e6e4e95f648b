using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// The netlink table parses datagrams on a second thread while the reading thread waits for the kernel's next one;
    /// the benchmark's baseline parses them on the reading thread. Both must hand over the same rows, in a dump long
    /// enough to span many datagrams (real sockets this test opens; other processes' sockets are left out).
    /// </summary>
    public class DumpParseThreadTests
    {
        [Fact]
        public void Parsing_on_the_reading_thread_gives_the_same_rows_as_parsing_beside_it()
        {
            using var live = new LiveSockets();
            var listener = live.TcpListener(IPAddress.Loopback);
            var connections = Enumerable.Range(0, 1000).Select(_ => live.Connect(listener)).ToList();
            var ours = new HashSet<ulong>(new[] { listener }
                .Concat(connections.SelectMany(c => new[] { c.Client, c.Server }))
                .Select(LiveSockets.Inode));
            var table = new NetlinkSockDiagTable();
            var request = new SocketTableRequest { IncludeUdp = false, IncludeIPv6 = false };

            var beside = table.Read(request, CancellationToken.None).Where(r => ours.Contains(r.Inode)).Select(Describe).ToList();
            Assert.True(table.LastReceiveCount > 2, $"the dump came in {table.LastReceiveCount} datagrams: too few to overlap");
            List<string> inline;
            NetlinkSockDiagTable.ParseOnReadingThread = true;
            try
            {
                inline = table.Read(request, CancellationToken.None).Where(r => ours.Contains(r.Inode)).Select(Describe).ToList();
            }
            finally
            {
                NetlinkSockDiagTable.ParseOnReadingThread = false;
            }

            Assert.Equal(ours.Count, beside.Count);
            Assert.Equal(beside.OrderBy(x => x), inline.OrderBy(x => x));
        }

        private static string Describe(SocketRecord r) =>
            $"{r.Protocol} {r.Family} {r.LocalAddress}:{r.LocalPort} {r.RemoteAddress}:{r.RemotePort} {r.State} {r.Inode} {r.Uid}";
    }
}
