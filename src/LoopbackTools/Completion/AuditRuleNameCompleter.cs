using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using LoopbackTools.Audit;

namespace LoopbackTools.Commands
{
    /// <summary>Tab completion for -Rule and -ExcludeRule, from the rule catalogue (so a new rule completes without touching the cmdlet).</summary>
    public sealed class AuditRuleNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
            foreach (var rule in AuditRuleCatalogue.All)
            {
                if (pattern.IsMatch(rule.Name))
                {
                    yield return new CompletionResult(rule.Name, rule.Name, CompletionResultType.ParameterValue, rule.Description);
                }
            }
        }
    }
}
