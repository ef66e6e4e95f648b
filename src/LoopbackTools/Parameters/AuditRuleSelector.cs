using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LoopbackTools.Audit;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Resolves -Rule and -ExcludeRule (names or wildcards) against the rule catalogue. A plain name that is no rule
    /// is a typo and an error, never a silently empty audit; a wildcard that matches nothing is just an empty choice.
    /// </summary>
    internal static class AuditRuleSelector
    {
        public static List<IAuditRule> Select(PSCmdlet cmdlet, string[]? include, string[]? exclude, out HashSet<string> named)
        {
            named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var chosen = include == null || include.Length == 0
                ? new HashSet<string>(AuditRuleCatalogue.Names, StringComparer.OrdinalIgnoreCase)
                : Resolve(cmdlet, include, "Rule", named);
            if (exclude != null && exclude.Length > 0)
            {
                chosen.ExceptWith(Resolve(cmdlet, exclude, "ExcludeRule", null));
            }

            return AuditRuleCatalogue.All.Where(r => chosen.Contains(r.Name)).ToList();
        }

        private static HashSet<string> Resolve(PSCmdlet cmdlet, string[] patterns, string parameter, HashSet<string>? named)
        {
            var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pattern in patterns)
            {
                if (WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                    result.UnionWith(AuditRuleCatalogue.Names.Where(n => wildcard.IsMatch(n)));
                    continue;
                }

                var rule = AuditRuleCatalogue.Find(pattern);
                if (rule == null)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.UnknownAuditRule, pattern,
                        $"-{parameter}: '{pattern}' is not an audit rule. The rules are: {string.Join(", ", AuditRuleCatalogue.Names)}."));
                }

                result.Add(rule!.Name);
                named?.Add(rule.Name);
            }

            return result;
        }
    }
}
