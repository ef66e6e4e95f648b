using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Turns -Path (wildcards, as Import-Csv takes them) or -LiteralPath into baseline files, each one a file of the
    /// file system; the core reads them (Baselines/Files). A pattern that matches nothing, a missing file and a
    /// directory each get their own sentence.
    /// </summary>
    internal static class BaselineFileReader
    {
        public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
        {
            var files = new List<string>();
            foreach (string path in paths)
            {
                if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    files.Add(Check(cmdlet, path, Unresolved(cmdlet, path)));
                    continue;
                }

                var matches = new Collection<string>();
                ProviderInfo? provider = null;
                try
                {
                    matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                }
                catch (Exception e) when (IsPathFailure(e))
                {
                    // A pattern in a folder that does not exist matches nothing, as any pattern that finds no file.
                }

                if (provider != null && !IsFileSystem(provider))
                {
                    NotFileSystem(cmdlet, path);
                }

                if (matches.Count == 0)
                {
                    bool literalExists = File.Exists(Unresolved(cmdlet, path));
                    Fail(cmdlet, path, literalExists
                        ? $"No baseline file matches the pattern '{TerminalText.Escape(path)}', but a file of that exact name exists: "
                            + "pass it with -LiteralPath ([ and ] are wildcards in -Path)."
                        : $"No baseline file matches the pattern '{TerminalText.Escape(path)}'.");
                }

                foreach (string match in matches)
                {
                    files.Add(Check(cmdlet, path, match));
                }
            }

            return files;
        }

        private static string Unresolved(PSCmdlet cmdlet, string path)
        {
            string full = string.Empty;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (!IsFileSystem(provider))
                {
                    NotFileSystem(cmdlet, path);
                }
            }
            catch (Exception e) when (IsPathFailure(e))
            {
                Fail(cmdlet, path, $"Baseline file '{TerminalText.Escape(path)}' cannot be found: {TerminalText.Escape(e.Message)}");
            }

            return full;
        }

        private static bool IsPathFailure(Exception e) =>
            e is ItemNotFoundException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException
            || e is NotSupportedException;

        private static bool IsFileSystem(ProviderInfo provider) =>
            string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private static void NotFileSystem(PSCmdlet cmdlet, string path) =>
            Fail(cmdlet, path, $"'{TerminalText.Escape(path)}' is not a path of the file system; a baseline is a file.");

        private static string Check(PSCmdlet cmdlet, string given, string full)
        {
            if (Directory.Exists(full))
            {
                Fail(cmdlet, given,
                    $"'{TerminalText.Escape(full)}' is a directory, not a baseline file: name a .csv, .json or .xml file in it "
                    + "(wildcards such as '*.csv' work with -Path).");
            }

            if (!File.Exists(full))
            {
                Fail(cmdlet, given, $"Baseline file '{TerminalText.Escape(full)}' does not exist.");
            }

            return full;
        }

        private static void Fail(PSCmdlet cmdlet, string target, string message) =>
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.BaselineNotFound, target, message));
    }
}
