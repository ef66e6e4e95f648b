using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Audit;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    public class ConflictAndPressureRuleTests
    {
        private static PortEnvironment Environment(int ephemeralStart, int ephemeralEnd) => new PortEnvironment(
            HostPlatform.Linux,
            new PortRange(TransportProtocol.Tcp, ephemeralStart, ephemeralEnd, PortRangeKind.Ephemeral, "test"),
            new PortRange(TransportProtocol.Udp, ephemeralStart, ephemeralEnd, PortRangeKind.Ephemeral, "test"),
            new PortRange[0],
            new PortRange[0],
            new[] { IPAddress.Loopback, IPAddress.IPv6Loopback },
            true);

        private static IReadOnlyList<AuditFinding> Run(IReadOnlyList<Endpoint> endpoints, bool withConnections, PortEnvironment environment,
            string rule)
        {
            var context = new AuditContext(endpoints, withConnections, SensitiveServiceCatalogue.Default,
                new[] { rule }) { Environment = environment };
            return AuditRunner.Run(new[] { AuditRuleCatalogue.Find(rule)! }, context);
        }

        [Fact]
        public void PortConflict_CarriesTheConflictOver_WithItsSeverityMapped()
        {
            // One process on the wildcard address and another on 127.0.0.1 of the same port: a wildcard shadow.
            var endpoints = new[]
            {
                AuditEndpoints.Listener("0.0.0.0", 8080, "nginx", "/usr/sbin/nginx", 10),
                AuditEndpoints.Listener("127.0.0.1", 8080, "python3", "/usr/bin/python3", 20),
            };
            var findings = Run(endpoints, false, Environment(32768, 60999), "PortConflict");
            var shadow = Assert.Single(findings, f => f.Message.StartsWith("WildcardShadow:"));
            Assert.Equal(("PortConflict", AuditSeverity.Medium, 8080), (shadow.Rule, shadow.Severity, shadow.LocalPort));
            Assert.Contains("nginx", shadow.ProcessName);
            Assert.Contains("python3", shadow.ProcessName);
            Assert.NotNull(shadow.Endpoint);
        }

        [Theory]
        [InlineData(ConflictSeverity.Error, AuditSeverity.High)]
        [InlineData(ConflictSeverity.Warning, AuditSeverity.Medium)]
        [InlineData(ConflictSeverity.Info, AuditSeverity.Info)]
        public void PortConflict_SeverityMapping(ConflictSeverity conflict, AuditSeverity audit)
        {
            Assert.Equal(audit, LoopbackTools.Audit.Rules.PortConflictRule.SeverityOf(conflict));
        }

        [Fact]
        public void EphemeralPressure_NeedsConnections()
        {
            var listeners = new[] { AuditEndpoints.Listener("127.0.0.1", 8080, "web", null, 1) };
            Assert.Empty(Run(listeners, false, Environment(40000, 40009), "EphemeralPressure"));
        }

        [Fact]
        public void EphemeralPressure_ReportsADestinationAbove80Percent_OfRealConnections()
        {
            // Real loopback connections from fixed local ports, counted against a 10-port ephemeral range that
            // holds exactly those ports: 9 of 10 taken is 90%.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            var clients = new List<Socket>();
            var accepted = new List<Socket>();
            try
            {
                int start = OpenClients(serverPort, clients, 9);
                for (int i = 0; i < clients.Count; i++)
                {
                    accepted.Add(listener.AcceptSocket());
                }

                var snapshot = EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery { All = true,
                    LocalPorts = new HashSet<int>(Enumerable.Range(start, 10).Append(serverPort)) });
                var finding = Assert.Single(Run(snapshot.Endpoints, true, Environment(start, start + 9), "EphemeralPressure"));
                Assert.Equal((AuditSeverity.Medium, "127.0.0.1", 0), (finding.Severity, finding.LocalAddress, finding.LocalPort));
                Assert.Contains($"to 127.0.0.1:{serverPort} hold 90.0% of the 10 automatic local ports (9 in use", finding.Message);
                Assert.Contains($"PID {System.Environment.ProcessId}", finding.Message);
            }
            finally
            {
                accepted.ForEach(s => s.Dispose());
                clients.ForEach(s => s.Dispose());
                listener.Stop();
            }
        }

        /// <summary>
        /// Binds <paramref name="count"/> clients to consecutive local ports (the first free block found, below the real
        /// ephemeral range so other load on the machine is unlikely to hold them) and connects them; returns the first port.
        /// </summary>
        private static int OpenClients(int serverPort, List<Socket> clients, int count)
        {
            for (int start = 21000; start < 31000; start += 10)
            {
                try
                {
                    for (int i = 0; i < count; i++)
                    {
                        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        clients.Add(client);
                        client.Bind(new IPEndPoint(IPAddress.Loopback, start + i));
                        client.Connect(IPAddress.Loopback, serverPort);
                    }

                    return start;
                }
                catch (SocketException)
                {
                    // A port of this block is taken on this shared machine: try the next block.
                    clients.ForEach(s => s.Dispose());
                    clients.Clear();
                }
            }

            throw new System.InvalidOperationException("no block of free local ports between 21000 and 31000");
        }
    }
}
