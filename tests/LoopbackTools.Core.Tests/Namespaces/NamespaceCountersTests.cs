using System.Linq;
using LoopbackTools.Audit;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Linux;
using LoopbackTools.Namespaces;
using LoopbackTools.Tests.Audit;
using Xunit;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>
    /// Kernel counters that are per network namespace (ListenOverflows, ListenDrops, net.core.somaxconn) are read in the
    /// caller's namespace: they describe its listeners, never a container's. Endpoints constructed; counters constructed.
    /// </summary>
    public class NamespaceCountersTests
    {
        [Fact]
        public void A_full_backlog_in_another_namespace_quotes_none_of_the_callers_counters_constructed()
        {
            var counters = new ListenQueueCounters { ListenOverflows = 12, ListenDrops = 15, Somaxconn = 128 };
            var here = Full(NamespaceScope.HostNamespace);
            var elsewhere = Full((NamespaceScope.HostNamespace ?? 4026531840UL) + 977);

            var findings = Run(counters, here, elsewhere);

            Assert.Equal(2, findings.Length);
            var ofHere = Assert.Single(findings, f => f.Endpoint == here);
            Assert.Contains("ListenOverflows 12", ofHere.Message);
            Assert.Contains("net.core.somaxconn, 128 here", ofHere.Remedy);
            var ofElsewhere = Assert.Single(findings, f => f.Endpoint == elsewhere);
            Assert.DoesNotContain("ListenOverflows", ofElsewhere.Message);
            Assert.DoesNotContain("somaxconn", ofElsewhere.Remedy);
            Assert.Contains("the backlog argument of listen()", ofElsewhere.Remedy);
        }

        private static Endpoint Full(ulong? networkNamespace)
        {
            var endpoint = AuditEndpoints.Listener("127.0.0.1", 8080, "web", pid: 5);
            endpoint.ReceiveQueue = 129;
            endpoint.SendQueue = 128;
            endpoint.NetworkNamespace = networkNamespace;
            return endpoint;
        }

        private static AuditFinding[] Run(ListenQueueCounters counters, params Endpoint[] listeners)
        {
            var context = new AuditContext(listeners, SensitiveServiceCatalogue.Default, new[] { ListenBacklogFullRule.RuleName })
            {
                ListenCounters = counters,
            };
            return AuditRunner.Run(new[] { AuditRuleCatalogue.Find(ListenBacklogFullRule.RuleName)! }, context).ToArray();
        }
    }
}
