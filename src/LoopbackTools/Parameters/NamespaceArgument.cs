using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Errors;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// -NetworkNamespace as every cmdlet takes it: text that can name no namespace stops the command
    /// (InvalidNetworkNamespace); a value that names none on this host now is one NetworkNamespaceNotFound error and the
    /// other values are still read; when none is left, there is nothing to read.
    /// </summary>
    internal static class NamespaceArgument
    {
        /// <returns>The namespaces to read, or null when no value named one (the errors are written).</returns>
        public static NamespaceSelection? Resolve(PSCmdlet cmdlet, string[]? values, NamespaceSelection defaultSelection)
        {
            if (values == null || values.Length == 0)
            {
                return defaultSelection;
            }

            NamespaceSelection selection;
            try
            {
                selection = NamespaceSelection.Parse(values);
            }
            catch (LoopbackToolsException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(e));
                return null;
            }

            var notFound = new List<NamespaceSpec>();
            var kept = new NamespaceDirectory().Pin(selection, notFound);
            foreach (var spec in notFound)
            {
                string value = TerminalText.Escape(spec.Text) ?? string.Empty;
                string message = Platform.IsLinux
                    ? $"No network namespace matches '{value}': no /run/netns name, running process or namespace inode number is that."
                    : $"'{value}' names a network namespace, but this OS has none; only Current and All apply.";
                cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.NetworkNamespaceNotFound, spec.Text, message));
            }

            if (kept != null)
            {
                cmdlet.WriteVerbose($"Reading network namespaces: {string.Join(", ", Describe(kept))}.");
            }

            return kept;
        }

        private static IEnumerable<string> Describe(NamespaceSelection selection)
        {
            foreach (var spec in selection.Specs)
            {
                yield return TerminalText.Escape(spec.ToString()) ?? string.Empty;
            }
        }
    }
}
