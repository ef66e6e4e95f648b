using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Audit;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Baselines;
using LoopbackTools.Policy;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    public class AuditRunnerTests
    {
        private static IReadOnlyList<AuditFinding> Run(IReadOnlyList<Endpoint> listeners, IEnumerable<string>? rules = null,
            LoopbackPolicy? policy = null,
            IReadOnlyList<BaselineEntry>? baseline = null, AuditSeverity minimum = AuditSeverity.Info)
        {
            var chosen = (rules ?? AuditRuleCatalogue.Names).Select(n => AuditRuleCatalogue.Find(n)!).ToList();
            var context = new AuditContext(listeners, SensitiveServiceCatalogue.Default, chosen.Select(r => r.Name).ToList())
            {
                Policy = policy,
                Baseline = baseline,
            };
            return AuditRunner.Run(chosen, context, minimum);
        }

        [Fact]
        public void SensitivePortOnAllInterfaces_IsHigh_AndOnLoopbackIsNothing()
        {
            var exposed = Run(new[] { AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", "/usr/bin/redis-server", 10) });
            var finding = Assert.Single(exposed);
            Assert.Equal("SensitiveServiceExposed", finding.Rule);
            Assert.Equal(AuditSeverity.High, finding.Severity);
            Assert.Contains("Redis", finding.Message);
            Assert.Contains("0.0.0.0:6379", finding.Message);
            Assert.Equal(10, finding.ProcessId);
            Assert.NotNull(finding.Endpoint);

            Assert.Empty(Run(new[] { AuditEndpoints.Listener("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 10) }));
            Assert.Empty(Run(new[] { AuditEndpoints.Listener("::1", 6379, "redis-server", "/usr/bin/redis-server", 10) }));
        }

        [Fact]
        public void SensitivePortOnOneNonLoopbackAddress_IsHighToo()
        {
            var finding = Assert.Single(Run(new[] { AuditEndpoints.Listener("192.0.2.7", 5432, "postgres", null, 3) }));
            Assert.Equal("SensitiveServiceExposed", finding.Rule);
            Assert.Contains("that address's network", finding.Message);
        }

        [Fact]
        public void ExposedListener_LeavesSensitiveServicesToTheirRule_UnlessThatRuleIsNotRun()
        {
            var listeners = new[]
            {
                AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", null, 1),
                AuditEndpoints.Listener("::", 8080, "nginx", null, 2),
            };
            var all = Run(listeners);
            Assert.Equal(new[] { "SensitiveServiceExposed", "ExposedListener" }, all.Select(f => f.Rule));
            Assert.Equal(8080, all[1].LocalPort);
            Assert.Equal(AuditSeverity.Medium, all[1].Severity);

            var exposedOnly = Run(listeners, new[] { "ExposedListener" });
            Assert.Equal(new[] { 6379, 8080 }, exposedOnly.Select(f => f.LocalPort));
        }

        [Fact]
        public void UnownedListener_IsLow_OnAnyAddress()
        {
            var findings = Run(new[] { AuditEndpoints.Listener("127.0.0.1", 2049), AuditEndpoints.Listener("127.0.0.1", 22, "sshd", null, 5) },
                new[] { "UnownedListener" });
            var finding = Assert.Single(findings);
            Assert.Equal(AuditSeverity.Low, finding.Severity);
            Assert.Equal(2049, finding.LocalPort);
            Assert.Null(finding.ProcessId);
        }

        [Fact]
        public void Findings_AreOrderedBySeverityRuleAndSocket_WhateverTheInputOrder()
        {
            var listeners = new List<Endpoint>
            {
                AuditEndpoints.Listener("0.0.0.0", 8080, "web", null, 1),
                AuditEndpoints.Listener("0.0.0.0", 27017, "mongod", null, 2),
                AuditEndpoints.Listener("::", 22, null),
                AuditEndpoints.Listener("10.0.0.10", 80, "web", null, 3),
                AuditEndpoints.Listener("10.0.0.9", 80, "web", null, 4),
                AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", null, 5),
            };
            var forward = Run(listeners);
            listeners.Reverse();
            var backward = Run(listeners);

            string[] Lines(IEnumerable<AuditFinding> f) => f.Select(x => $"{x.Severity}|{x.Rule}|{x.LocalAddress}|{x.LocalPort}|{x.Message}")
                .ToArray();
            Assert.Equal(Lines(forward), Lines(backward));
            Assert.Equal(new[] { 6379, 27017, 22, 80, 80, 8080, 22 }, forward.Select(f => f.LocalPort));
            Assert.Equal(new[] { "10.0.0.9", "10.0.0.10" }, forward.Where(f => f.LocalPort == 80).Select(f => f.LocalAddress));
            Assert.Equal(AuditSeverity.Low, forward.Last().Severity);
        }

        [Fact]
        public void Messages_NeverCarryTheProcessId_SoARestartedServiceDiffsClean()
        {
            var before = Run(new[] { AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", "/usr/bin/redis-server", 4242) });
            var after = Run(new[] { AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", "/usr/bin/redis-server", 5151) });
            Assert.Equal(before.Select(f => f.Message + f.Remedy), after.Select(f => f.Message + f.Remedy));
            Assert.DoesNotContain("4242", before[0].Message);
        }

        [Fact]
        public void MinimumSeverity_DropsLowerFindings()
        {
            var listeners = new[] { AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", null, 1), AuditEndpoints.Listener("0.0.0.0", 8080), };
            Assert.Equal(new[] { AuditSeverity.High, AuditSeverity.Medium, AuditSeverity.Low }, Run(listeners).Select(f => f.Severity));
            Assert.Equal(new[] { AuditSeverity.High }, Run(listeners, minimum: AuditSeverity.High).Select(f => f.Severity));
        }

        [Fact]
        public void QueryFor_ReadsConnectionsOnlyWhenASelectedRuleLooksAtThem()
        {
            var listenersOnly = AuditRuleCatalogue.All.Where(r => r.Name != "EphemeralPressure").ToList();
            Assert.True(AuditRunner.QueryFor(listenersOnly).ListeningOnly);
            Assert.True(AuditRunner.QueryFor(listenersOnly).All);
            Assert.True(AuditRunner.QueryFor(listenersOnly).ResolveOwners);
            Assert.False(AuditRunner.QueryFor(AuditRuleCatalogue.All).ListeningOnly);
            Assert.Equal(new[] { "EphemeralPressure" }, AuditRuleCatalogue.All.Where(r => r.ReadsConnections).Select(r => r.Name));
        }

        /// <summary>A rule that finds one thing and then breaks, to pin down what the runner does with a failing rule.</summary>
        private sealed class BreaksHalfwayRule : IAuditRule
        {
            public string Name => "BreaksHalfway";

            public string Description => "test rule";

            public bool ReadsConnections => false;

            public bool CanRun(AuditContext context) => true;

            public IEnumerable<AuditFinding> Evaluate(AuditContext context)
            {
                yield return AuditFinding.About(context.Listeners[0], Name, AuditSeverity.High, "half", "none");
                throw new InvalidOperationException("broken");
            }
        }

        [Fact]
        public void AFailingRule_IsReportedAndDroppedWhole_WhileTheOthersStillAnswer()
        {
            var listeners = new[] { AuditEndpoints.Listener("0.0.0.0", 8080, "web", null, 1) };
            var context = new AuditContext(listeners, SensitiveServiceCatalogue.Default, new[] { "BreaksHalfway", "ExposedListener" });
            var failed = new List<string>();
            var findings = AuditRunner.Run(new IAuditRule[] { new BreaksHalfwayRule(), AuditRuleCatalogue.Find("ExposedListener")! }, context,
                AuditSeverity.Info, (rule, e) => failed.Add($"{rule.Name}: {e.Message}"));
            Assert.Equal(new[] { "BreaksHalfway: broken" }, failed);
            Assert.Equal("ExposedListener", Assert.Single(findings).Rule);
            Assert.Throws<InvalidOperationException>(() => AuditRunner.Run(new IAuditRule[] { new BreaksHalfwayRule() }, context));
        }

        [Fact]
        public void PolicyAndBaselineRules_DoNotRunWithoutTheirInput()
        {
            var listeners = new[] { AuditEndpoints.Listener("127.0.0.1", 8080, "web", null, 1) };
            Assert.Empty(Run(listeners, new[] { "PolicyViolation", "BaselineDrift" }));
        }

        [Fact]
        public void PolicyViolation_FlagsWhatNoEntryAllows_AndSaysWhichEntryCameClosest()
        {
            var policy = PolicyValidator.Validate(PolicyJsonReader.Read(
                "{ \"Listeners\": [ { \"Port\": 6379, \"Protocol\": \"Tcp\", \"Exposure\": \"LoopbackOnly\", \"Process\": \"redis-server\" },\n "
                    + "{ \"Port\": \"8000-8100\" } ] }", "p.json"), "p.json");
            var listeners = new[]
            {
                AuditEndpoints.Listener("127.0.0.1", 6379, "redis-server", null, 1),
                AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", null, 1),
                AuditEndpoints.Listener("127.0.0.1", 8050, "anything", null, 2),
                AuditEndpoints.Listener("127.0.0.1", 9000, "other", null, 3),
            };
            var findings = Run(listeners, new[] { "PolicyViolation" }, policy);
            Assert.Equal(new[] { "0.0.0.0:6379", "127.0.0.1:9000" }, findings.Select(f => $"{f.LocalAddress}:{f.LocalPort}"));
            Assert.Equal(AuditSeverity.Medium, findings[0].Severity);
            Assert.Contains("allows exposure LoopbackOnly, not AllInterfaces", findings[0].Message);
            Assert.Equal(AuditSeverity.Low, findings[1].Severity);
            Assert.Contains("no entry", findings[1].Message);
        }

        [Fact]
        public void BaselineDrift_ReportsAddedMovedAndRemoved_WithSeverityByExposure()
        {
            var baseline = new[]
            {
                BaselineEntry.From(AuditEndpoints.Listener("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 100)),
                BaselineEntry.From(AuditEndpoints.Listener("127.0.0.1", 5432, "postgres", "/usr/lib/postgresql/bin/postgres", 200)),
            };
            var now = new[]
            {
                AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server", "/usr/bin/redis-server", 300),
                AuditEndpoints.Listener("0.0.0.0", 8080, "web", "/srv/web", 400),
            };
            var findings = Run(now, new[] { "BaselineDrift" }, baseline: baseline);
            Assert.Equal(new[] { "Changed since", "New since", "Gone since" },
                findings.Select(f => f.Message.Substring(0, f.Message.IndexOf(" the", StringComparison.Ordinal))));
            Assert.Equal(new[] { AuditSeverity.Medium, AuditSeverity.Medium, AuditSeverity.Info }, findings.Select(f => f.Severity));
            Assert.Contains("moved from 127.0.0.1 to 0.0.0.0", findings[0].Message);
            Assert.Same(now[0], findings[0].Endpoint);
            Assert.Null(findings[2].Endpoint);
            Assert.Equal(5432, findings[2].LocalPort);
        }
    }
}
