using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using LoopbackTools.Completion;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Commands
{
    /// <summary>Tab completion for -NetworkNamespace: Current, All and the names under /run/netns.</summary>
    public sealed class NetworkNamespaceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            var values = new List<(string Value, string Tip)>
            {
                ("Current", "The namespace this session runs in (the default)."),
                ("All", "Every network namespace of this host."),
            };
            if (Platform.IsLinux)
            {
                foreach (var info in new NamespaceDirectory().Enumerate(default, out _))
                {
                    foreach (string name in info.Names)
                    {
                        values.Add((name, info.Label));
                    }
                }
            }

            foreach (var (value, tip) in values)
            {
                // The same rules as process names: one harmless argument, and nothing with control characters inserted.
                if (pattern.IsMatch(value) && !NameCompletion.HasControl(value))
                {
                    yield return new CompletionResult(NameCompletion.QuotedArgument(value), TerminalText.Escape(value),
                        CompletionResultType.ParameterValue, TerminalText.Escape(tip));
                }
            }
        }
    }
}
