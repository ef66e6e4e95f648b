using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Audit;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    public class AuditFindingOrderTests
    {
        private static AuditFinding At(string address) => new AuditFinding
        {
            Rule = "ExposedListener",
            Severity = AuditSeverity.Medium,
            Protocol = TransportProtocol.Tcp,
            LocalAddress = address,
            LocalPort = 8080,
            Message = "same text",
        };

        [Fact]
        public void Addresses_sort_IPv4_first_then_numerically_then_by_text_when_equal_in_bytes()
        {
            var findings = new List<AuditFinding>
            {
                At("::1"), At("10.0.0.10"), At("fe80::1%2"), At("10.0.0.9"), At("fe80::1%10"), At("127.0.0.1"), At("::ffff:0:1"),
            };

            findings.Sort(AuditFindingOrder.Instance);

            // fe80::1%10 and fe80::1%2 have the same bytes: ordinal text breaks the tie ('1' before '2').
            Assert.Equal(
                new[] { "10.0.0.9", "10.0.0.10", "127.0.0.1", "::1", "::ffff:0:1", "fe80::1%10", "fe80::1%2" },
                findings.Select(f => f.LocalAddress).ToArray());
        }

        [Fact]
        public void Unparsable_addresses_compare_as_text()
        {
            Assert.True(AuditFindingOrder.Instance.Compare(At("localhost"), At("127.0.0.1")) > 0);
            Assert.True(AuditFindingOrder.Instance.Compare(At("127.0.0.1"), At("localhost")) < 0);
        }
    }
}
