using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Language;
using LoopbackTools.Completion;

namespace LoopbackTools.Commands
{
    /// <summary>Tab completion for -ProcessName: the names of the processes running now, as Get-Process shows them.</summary>
    public sealed class ProcessNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            foreach (var (name, text) in NameCompletion.Complete(RunningNames(), wordToComplete))
            {
                yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
            }
        }

        private static IEnumerable<string?> RunningNames()
        {
            Process[] processes;
            try
            {
                processes = Process.GetProcesses();
            }
            catch (Exception e) when (e is InvalidOperationException || e is PlatformNotSupportedException
                || e is System.ComponentModel.Win32Exception)
            {
                yield break;
            }

            foreach (var process in processes)
            {
                string? name = null;
                try
                {
                    name = process.ProcessName;
                }
                catch (Exception e) when (e is InvalidOperationException || e is NotSupportedException || e is System.ComponentModel.Win32Exception)
                {
                    // Gone since the list was taken, or not ours to read: nothing to offer.
                }
                finally
                {
                    process.Dispose();
                }

                yield return name;
            }
        }
    }
}
