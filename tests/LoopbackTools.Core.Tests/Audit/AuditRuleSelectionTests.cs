using System.Linq;
using LoopbackTools.Audit;
using LoopbackTools.Errors;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    /// <summary>-Rule and -ExcludeRule never give a quietly smaller audit than the user asked for.</summary>
    public class AuditRuleSelectionTests
    {
        private static string[] Names(params string[] include) =>
            AuditRuleSelection.Select(include, null, false, false).Select(r => r.Name).ToArray();

        [Fact]
        public void Without_Rule_every_rule_is_chosen_and_those_without_input_are_left_to_CanRun()
        {
            var all = AuditRuleSelection.Select(null, null, false, false).Select(r => r.Name);
            Assert.Equal(AuditRuleCatalogue.Names, all);
        }

        [Fact]
        public void Names_and_wildcards_choose_rules_case_insensitively()
        {
            Assert.Equal(new[] { "SensitiveServiceExposed", "ExposedListener" }, Names("*exposed*"));
            Assert.Equal(new[] { "UnownedListener" }, Names("unownedlistener"));
        }

        [Theory]
        [InlineData("Sensitve*", "matches no audit rule")]
        [InlineData("SensitiveServiceExposd", "is not an audit rule")]
        [InlineData("Po[l", "matches no audit rule")]
        public void A_name_or_pattern_that_matches_no_rule_is_an_error(string pattern, string says)
        {
            var e = Assert.Throws<LoopbackToolsException>(() => AuditRuleSelection.Select(new[] { pattern }, null, true, true));
            Assert.Same(ErrorCatalogue.UnknownAuditRule, e.Error);
            Assert.Equal(pattern, e.Target);
            Assert.Contains(says, e.Message);
        }

        [Fact]
        public void An_exclusion_that_matches_no_rule_is_an_error_too()
        {
            var e = Assert.Throws<LoopbackToolsException>(() => AuditRuleSelection.Select(null, new[] { "Unowned*x" }, false, false));
            Assert.Same(ErrorCatalogue.UnknownAuditRule, e.Error);
            Assert.Contains("-ExcludeRule", e.Message);
        }

        [Fact]
        public void An_exclusion_that_leaves_nothing_is_an_error()
        {
            var e = Assert.Throws<LoopbackToolsException>(() =>
                AuditRuleSelection.Select(new[] { "Expos*" }, new[] { "ExposedListener" }, false, false));
            Assert.Same(ErrorCatalogue.NoAuditRuleSelected, e.Error);
            Assert.Contains("ExposedListener", e.Message);
            e = Assert.Throws<LoopbackToolsException>(() => AuditRuleSelection.Select(null, new[] { "*" }, false, false));
            Assert.Same(ErrorCatalogue.NoAuditRuleSelected, e.Error);
        }

        [Theory]
        [InlineData("PolicyViolation", "PolicyRequired")]
        [InlineData("PolicyViol*", "PolicyRequired")]
        [InlineData("*", "PolicyRequired")]
        [InlineData("Baseline*", "BaselineRequired")]
        public void A_rule_chosen_by_name_or_pattern_without_its_input_is_an_error(string pattern, string error)
        {
            var e = Assert.Throws<LoopbackToolsException>(() => AuditRuleSelection.Select(new[] { pattern }, null, false, false));
            Assert.Equal(error, e.Error.Id);
            Assert.Equal(pattern, e.Target);
            Assert.Contains("-ExcludeRule", e.Message);
        }

        [Fact]
        public void A_rule_whose_input_is_given_or_that_is_excluded_runs_or_stays_out_quietly()
        {
            Assert.Contains("PolicyViolation", AuditRuleSelection.Select(new[] { "Policy*" }, null, true, false).Select(r => r.Name));
            var rest = AuditRuleSelection.Select(new[] { "*" }, new[] { "PolicyViolation", "BaselineDrift" }, false, false).Select(r => r.Name);
            Assert.Equal(AuditRuleCatalogue.Names.Where(n => n != "PolicyViolation" && n != "BaselineDrift"), rest);
        }
    }
}
