using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Audit;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    /// <summary>The rules over the real socket table, with listeners this test opens on catalogue ports.</summary>
    public class AuditOverRealSocketsTests
    {
        // Ports whose catalogue row needs no particular owner, so this test process counts as the service.
        private static readonly int[] CataloguePorts = { 6379, 11211, 27017, 9200, 2379, 5984, 9042, 9092, 2181, 15672 };

        private static TcpListener? OpenFirstFree(IPAddress address)
        {
            foreach (int port in CataloguePorts)
            {
                var listener = new TcpListener(address, port);
                try
                {
                    listener.Start();
                    return listener;
                }
                catch (SocketException)
                {
                    // Taken by someone else on this shared machine: try the next catalogue port.
                }
            }

            return null;
        }

        private static System.Collections.Generic.IReadOnlyList<AuditFinding> AuditNow()
        {
            var snapshot = EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery { All = true, ListeningOnly = true });
            var rules = AuditRuleCatalogue.All;
            var context = new AuditContext(snapshot.Endpoints, SensitiveServiceCatalogue.Default,
                rules.Select(r => r.Name).ToList()) { Environment = PortEnvironment.ForCurrentPlatform() };
            return AuditRunner.Run(rules, context);
        }

        [Fact]
        public void ListenerOnAllInterfacesOnACataloguePort_IsSensitiveServiceExposed_WithThisProcessAsOwner()
        {
            var listener = OpenFirstFree(IPAddress.Any);
            Assert.True(listener != null, "every catalogue port tried is taken on this machine");
            try
            {
                int port = ((IPEndPoint)listener!.LocalEndpoint).Port;
                var mine = AuditNow().Where(f => f.LocalPort == port && f.LocalAddress == "0.0.0.0").ToList();
                var finding = Assert.Single(mine);
                Assert.Equal("SensitiveServiceExposed", finding.Rule);
                Assert.Equal(AuditSeverity.High, finding.Severity);
                Assert.Equal(Process.GetCurrentProcess().Id, finding.ProcessId);
                Assert.Equal(port, finding.Endpoint!.LocalPort);
            }
            finally
            {
                listener!.Stop();
            }
        }

        [Fact]
        public void SameListenerOnLoopback_GivesNoFinding()
        {
            var listener = OpenFirstFree(IPAddress.Loopback);
            Assert.True(listener != null, "every catalogue port tried is taken on this machine");
            try
            {
                int port = ((IPEndPoint)listener!.LocalEndpoint).Port;
                Assert.DoesNotContain(AuditNow(), f => f.LocalPort == port && f.LocalAddress == "127.0.0.1");
            }
            finally
            {
                listener!.Stop();
            }
        }
    }
}
