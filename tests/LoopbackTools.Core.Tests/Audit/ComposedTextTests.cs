using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LoopbackTools.Audit;
using LoopbackTools.Baselines;
using LoopbackTools.Policy;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    /// <summary>
    /// Every finding's Message and Remedy quote process names, paths and user names that other users chose. They are
    /// printed as they are (Format-List, Write-Host, log files), so the rules compose them with control characters
    /// escaped; the raw text stays in ProcessName and ProcessPath. The endpoints are built the way the engine builds
    /// them (the rules are pure); the Pester suite does the same with a real process named this way.
    /// </summary>
    public class ComposedTextTests
    {
        private const string Evil = "evil\u001b[2J\nname";
        private const string EvilPath = "/tmp/\u001b]0;title\u0007/evil";
        private static readonly Regex Control = new Regex("[\\u0000-\\u001f\\u007f-\\u009f]");

        private static IReadOnlyList<AuditFinding> Run(IReadOnlyList<Endpoint> listeners, IEnumerable<string> rules, LoopbackPolicy? policy = null,
            IReadOnlyList<BaselineEntry>? baseline = null)
        {
            var chosen = rules.Select(n => AuditRuleCatalogue.Find(n)!).ToList();
            var context = new AuditContext(listeners, SensitiveServiceCatalogue.Default, chosen.Select(r => r.Name).ToList())
            {
                Policy = policy,
                Baseline = baseline,
            };
            return AuditRunner.Run(chosen, context);
        }

        private static void AssertClean(IReadOnlyList<AuditFinding> findings)
        {
            Assert.NotEmpty(findings);
            foreach (var finding in findings)
            {
                Assert.DoesNotMatch(Control, finding.Message);
                Assert.DoesNotMatch(Control, finding.Remedy);
            }
        }

        [Theory]
        [InlineData("ExposedListener", 18080)]
        [InlineData("SensitiveServiceExposed", 6379)]
        public void Listener_rules_escape_the_owner_they_name(string rule, int port)
        {
            var findings = Run(new[] { AuditEndpoints.Listener("0.0.0.0", port, Evil, EvilPath, 42) }, new[] { rule });

            AssertClean(findings);
            Assert.Contains("evil\\x1b[2J\\x0aname", findings[0].Message);
            Assert.Equal(Evil, findings[0].ProcessName);
            Assert.Equal(EvilPath, findings[0].ProcessPath);
        }

        [Fact]
        public void A_path_stands_in_for_a_missing_name_and_is_escaped_too()
        {
            var findings = Run(new[] { AuditEndpoints.Listener("0.0.0.0", 18080, null, EvilPath, 42) }, new[] { "ExposedListener" });

            AssertClean(findings);
            Assert.Contains("owned by /tmp/\\x1b]0;title\\x07/evil", findings[0].Message);
        }

        [Fact]
        public void PolicyViolation_escapes_both_the_owner_and_the_entry_it_compares()
        {
            var policy = PolicyValidator.Validate(PolicyJsonReader.Read(
                "{ \"Listeners\": [ { \"Port\": 18080, \"Process\": \"nginx\" } ] }", "p.json"), "p.json");

            var findings = Run(new[] { AuditEndpoints.Listener("127.0.0.1", 18080, Evil, null, 42) }, new[] { "PolicyViolation" }, policy);

            AssertClean(findings);
            Assert.Contains("allows process nginx, not the process name evil\\x1b[2J\\x0aname", findings[0].Message);
        }

        [Fact]
        public void BaselineDrift_escapes_owner_and_user_names()
        {
            var baseline = new[] { BaselineEntry.From(AuditEndpoints.Listener("127.0.0.1", 18080, Evil, null, 1, user: "old\u001b[8m")) };
            var now = new[]
            {
                AuditEndpoints.Listener("127.0.0.1", 18080, Evil, null, 1, user: "new\u009b1m"),
                AuditEndpoints.Listener("0.0.0.0", 18081, Evil, EvilPath, 2),
            };

            var findings = Run(now, new[] { "BaselineDrift" }, baseline: baseline);

            AssertClean(findings);
            Assert.Contains(findings, f => f.Message.Contains("user old\\x1b[8m -> new\\x9b1m"));
            Assert.All(findings, f => Assert.Contains("evil\\x1b[2J\\x0aname", f.Message));
        }
    }
}
