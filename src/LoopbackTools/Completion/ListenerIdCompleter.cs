using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using LoopbackTools.Listeners;

namespace LoopbackTools.Commands
{
    /// <summary>Tab completion for a loopback listener's -Id: the listeners of this session that are running, with what each one is.</summary>
    public sealed class ListenerIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"', ' ');
            foreach (var listener in LoopbackListenerRegistry.List())
            {
                string id = listener.Id.ToString(CultureInfo.InvariantCulture);
                if (id.StartsWith(typed, System.StringComparison.Ordinal))
                {
                    yield return new CompletionResult(id, $"{id} ({listener})", CompletionResultType.ParameterValue, listener.ToString());
                }
            }
        }
    }
}
