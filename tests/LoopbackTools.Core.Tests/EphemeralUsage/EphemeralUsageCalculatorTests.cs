using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.EphemeralUsage;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;
using LoopbackTools.Tests.Conflicts;
using Xunit;

namespace LoopbackTools.Tests.EphemeralUsage
{
    public class EphemeralUsageCalculatorTests
    {
        private static IReadOnlyList<Endpoint> WholeTable() =>
            EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery { All = true }).Endpoints;

        [Fact]
        public void KConnections_AddKInUseToTheirDestination_AndNothingForTheAcceptedSides()
        {
            const int k = 12;
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            int port = listener.Port();
            var clients = new List<TcpClient>();
            var accepted = new List<TcpClient>();
            try
            {
                var env = PortEnvironment.ForCurrentPlatform();
                Assert.DoesNotContain(EphemeralUsageCalculator.Calculate(WholeTable(), env), r => r.RemotePort == port
                    && r.RemoteAddress == "127.0.0.1");
                for (int i = 0; i < k; i++)
                {
                    var client = new TcpClient(AddressFamily.InterNetwork);
                    clients.Add(client);
                    client.Connect(IPAddress.Loopback, port);
                    accepted.Add(listener.AcceptTcpClient());
                }

                var table = WholeTable();
                var row = Assert.Single(EphemeralUsageCalculator.Calculate(table, env), r => r.RemotePort == port && r.RemoteAddress == "127.0.0.1");
                Assert.Equal(k, row.InUse);
                Assert.Equal(0, row.TimeWait);
                Assert.Equal(env.UsableEphemeralPorts(TransportProtocol.Tcp), row.RangeSize);
                Assert.Equal(System.Math.Round(100.0 * k / row.RangeSize, 1), row.PercentUsed);
                Assert.Contains($"(PID {RealSockets.OwnPid}) x{k}", row.TopProcesses);

                var clientPorts = new HashSet<int>(clients.Select(c => ((IPEndPoint)c.Client.LocalEndPoint!).Port));
                Assert.DoesNotContain(EphemeralUsageCalculator.Calculate(table, env), r => clientPorts.Contains(r.RemotePort)
                    && r.LocalAddress == "127.0.0.1" && r.RemoteAddress == "127.0.0.1" && r.InUse > 0
                    && r.TopProcesses.Contains($"PID {RealSockets.OwnPid})"));

                var tcp = EphemeralUsageCalculator.Summarize(table, env)[0];
                Assert.Equal(TransportProtocol.Tcp, tcp.Protocol);
                Assert.True(tcp.Established >= k);
                Assert.Equal(tcp.Sockets, tcp.Established + tcp.TimeWait + tcp.CloseWait + tcp.FinWait + tcp.SynSent + tcp.OtherStates);
            }
            finally
            {
                foreach (var c in clients)
                {
                    c.Client.LingerState = new LingerOption(true, 0);
                    c.Dispose();
                }

                accepted.ForEach(a => a.Dispose());
                listener.Stop();
            }
        }

        [Fact]
        public void ClientThatClosesFirst_KeepsItsAutomaticPortInTimeWait()
        {
            var listener = RealSockets.Listen("127.0.0.1", RealSockets.FreePortBelowEphemeral());
            int port = listener.Port();
            try
            {
                var client = new TcpClient(AddressFamily.InterNetwork);
                client.Connect(IPAddress.Loopback, port);
                using var server = listener.AcceptTcpClient();
                client.Close();
                Assert.Equal(0, server.GetStream().Read(new byte[1], 0, 1));
                server.Close();

                EphemeralPortUsage? row = null;
                for (int i = 0; i < 50 && row?.TimeWait != 1; i++)
                {
                    System.Threading.Thread.Sleep(i == 0 ? 0 : 100);
                    row = EphemeralUsageCalculator.Calculate(WholeTable(), PortEnvironment.ForCurrentPlatform())
                        .SingleOrDefault(r => r.RemotePort == port && r.RemoteAddress == "127.0.0.1");
                }

                Assert.NotNull(row);
                Assert.Equal(1, row!.TimeWait);
                Assert.Equal(0, row.InUse);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void Summarize_AlwaysHasTcpThenUdp()
        {
            var summaries = EphemeralUsageCalculator.Summarize(new Endpoint[0], PortEnvironment.ForCurrentPlatform());

            Assert.Equal(new[] { TransportProtocol.Tcp, TransportProtocol.Udp }, summaries.Select(s => s.Protocol));
            Assert.All(summaries, s => Assert.Equal(0, s.Sockets));
            Assert.All(summaries, s => Assert.Equal(string.Empty, s.BusiestDestination));
        }
    }
}
