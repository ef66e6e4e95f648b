using System;
using System.Collections.Generic;
using LoopbackTools.Audit.Rules;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// Every audit rule, in the order their findings are listed at equal severity. The cmdlet's -Rule and -ExcludeRule
    /// completion reads the names from here, so a new rule is one new file plus one line below.
    /// </summary>
    internal static class AuditRuleCatalogue
    {
        private static readonly IAuditRule[] Rules =
        {
            new SensitiveServiceExposedRule(),
            new ExposedListenerRule(),
            new EphemeralPressureRule(),
            new ListenBacklogFullRule(),
            new PolicyViolationRule(),
            new BaselineDriftRule(),
            new PortConflictRule(),
            new UnownedListenerRule(),
        };

        public static IReadOnlyList<IAuditRule> All => Rules;

        public static IEnumerable<string> Names
        {
            get
            {
                foreach (var rule in Rules)
                {
                    yield return rule.Name;
                }
            }
        }

        public static IAuditRule? Find(string name)
        {
            foreach (var rule in Rules)
            {
                if (string.Equals(rule.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return rule;
                }
            }

            return null;
        }

        /// <summary>Position in the catalogue, the tie-breaker between findings of equal severity.</summary>
        public static int OrderOf(string name)
        {
            for (int i = 0; i < Rules.Length; i++)
            {
                if (string.Equals(Rules[i].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return Rules.Length;
        }
    }
}
