using System;
using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Errors;
using LoopbackTools.Policy;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Policy paths as the cmdlets take them: -Path with wildcards or -LiteralPath as written, resolved through the
    /// session's providers (drives, ~, relative paths); then each file read and validated by the core. Every failure
    /// comes back as one error record whose ErrorId names the problem and whose target is the path.
    /// </summary>
    internal static class PolicyFileReader
    {
        /// <summary>The file system paths a -Path (wildcards) or -LiteralPath value names; an error when none.</summary>
        public static List<string> Resolve(PSCmdlet cmdlet, string path, bool literal, out ErrorRecord? error)
        {
            error = null;
            var files = new List<string>();
            try
            {
                if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
                {
                    var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                    if (IsFileSystem(provider))
                    {
                        files.AddRange(matches);
                    }
                }
                else
                {
                    string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                    if (IsFileSystem(provider))
                    {
                        files.Add(full);
                    }
                    else
                    {
                        error = ErrorRecords.Create(ErrorCatalogue.PolicyNotFound, path,
                            $"Policy path '{TerminalText.Escape(path)}' is not a file system path (provider {provider.Name}); a policy is a file.");
                        return files;
                    }
                }
            }
            catch (ItemNotFoundException)
            {
                // A wildcard that matches nothing: below.
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                // A provider that cannot resolve the path (no such drive, no such provider, a path it refuses) answers
                // for this path only: the other paths of a batch are still checked.
                error = ErrorRecords.Create(ErrorCatalogue.PolicyNotFound, path,
                    $"Policy path '{TerminalText.Escape(path)}' cannot be resolved: {ExceptionText.Clause(e)}.", e);
                return files;
            }

            if (files.Count == 0)
            {
                error = ErrorRecords.Create(ErrorCatalogue.PolicyNotFound, path,
                    $"No policy file matches '{TerminalText.Escape(path)}'; use -LiteralPath for a name with [ ] or * in it.");
            }

            return files;
        }

        /// <summary>One resolved file, read and validated; null with the error when it cannot be used.</summary>
        public static LoopbackPolicy? TryRead(string fullPath, out ErrorRecord? error)
        {
            error = null;
            try
            {
                return PolicyFileLoader.Load(fullPath);
            }
            catch (PolicyException e)
            {
                error = ErrorRecords.From(e);
                return null;
            }
        }

        private static bool IsFileSystem(ProviderInfo provider) =>
            string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);
    }
}
