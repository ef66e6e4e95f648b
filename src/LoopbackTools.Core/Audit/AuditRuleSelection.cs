using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Audit.Rules;
using LoopbackTools.Classification;
using LoopbackTools.Errors;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// Turns -Rule and -ExcludeRule (names or wildcards) into the rules an audit runs, and refuses every choice that
    /// would quietly audit less than asked: a name or pattern that matches no rule (a typo: -Rule Sensitve*), an
    /// exclusion that leaves nothing to run, and a rule chosen by -Rule, by name or by pattern, whose input (a policy,
    /// a baseline) was not given. Without -Rule every rule is chosen, and those without their input simply do not run.
    /// </summary>
    internal static class AuditRuleSelection
    {
        // The rules that compare with something the caller must give, and the error when it is missing.
        private static readonly (string Rule, ErrorDefinition Error, string Parameter)[] Inputs =
        {
            (PolicyViolationRule.RuleName, ErrorCatalogue.PolicyRequired, "-Policy"),
            (BaselineDriftRule.RuleName, ErrorCatalogue.BaselineRequired, "-Baseline, -BaselinePath or -BaselineLiteralPath"),
        };

        /// <exception cref="LoopbackToolsException">UnknownAuditRule, NoAuditRuleSelected, PolicyRequired or BaselineRequired.</exception>
        public static IReadOnlyList<IAuditRule> Select(
            IReadOnlyList<string>? include, IReadOnlyList<string>? exclude, bool hasPolicy, bool hasBaseline)
        {
            bool chosenByRule = include != null && include.Count > 0;
            var chosen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (chosenByRule)
            {
                foreach (string pattern in include!)
                {
                    foreach (string name in Resolve(pattern, "-Rule"))
                    {
                        if (!chosen.ContainsKey(name))
                        {
                            chosen.Add(name, pattern);
                        }
                    }
                }
            }
            else
            {
                foreach (string name in AuditRuleCatalogue.Names)
                {
                    chosen.Add(name, string.Empty);
                }
            }

            var removed = new List<string>();
            foreach (string pattern in exclude ?? Array.Empty<string>())
            {
                foreach (string name in Resolve(pattern, "-ExcludeRule"))
                {
                    if (chosen.Remove(name))
                    {
                        removed.Add(name);
                    }
                }
            }

            if (chosen.Count == 0)
            {
                string from = chosenByRule ? $"-Rule {Quote(include!)}" : "the catalogue";
                throw new LoopbackToolsException(ErrorCatalogue.NoAuditRuleSelected, string.Join(",", exclude ?? Array.Empty<string>()),
                    $"-ExcludeRule {Quote(exclude ?? Array.Empty<string>())} removes every rule chosen from {from} ({string.Join(", ", removed)}), "
                    + "so the audit would run nothing.");
            }

            if (chosenByRule)
            {
                foreach (var (rule, error, parameter) in Inputs)
                {
                    bool given = rule == PolicyViolationRule.RuleName ? hasPolicy : hasBaseline;
                    if (!given && chosen.TryGetValue(rule, out string? pattern))
                    {
                        string how = string.Equals(pattern, rule, StringComparison.OrdinalIgnoreCase)
                            ? $"The {rule} rule needs {parameter}"
                            : $"-Rule '{pattern}' chooses the {rule} rule, which needs {parameter}";
                        throw new LoopbackToolsException(error, pattern, $"{how}; without it the rule has nothing to compare with. "
                            + $"Give {parameter}, or leave the rule out with -ExcludeRule {rule}.");
                    }
                }
            }

            return AuditRuleCatalogue.All.Where(r => chosen.ContainsKey(r.Name)).ToList();
        }

        /// <summary>The rule names a name or pattern stands for; never empty (an empty match is an error).</summary>
        private static IEnumerable<string> Resolve(string pattern, string parameter)
        {
            string text = (pattern ?? string.Empty).Trim();
            var program = IsWildcard(text) ? WildcardProgram.Compile(text) : null;
            var names = program != null
                ? AuditRuleCatalogue.Names.Where(program.IsMatch).ToList()
                : AuditRuleCatalogue.Names.Where(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (names.Count == 0)
            {
                string what = IsWildcard(text) ? "matches no audit rule" : "is not an audit rule";
                throw new LoopbackToolsException(ErrorCatalogue.UnknownAuditRule, pattern,
                    $"{parameter}: '{TerminalText.Escape(text)}' {what}. The rules are: {string.Join(", ", AuditRuleCatalogue.Names)}.");
            }

            return names;
        }

        private static bool IsWildcard(string text) => text.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        private static string Quote(IReadOnlyList<string> patterns) => string.Join(", ", patterns.Select(p => $"'{TerminalText.Escape(p)}'"));
    }
}
