using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Baseline files named for a -Session call, read on this computer (as the cmdlets read them: Import-Csv,
    /// ConvertFrom-Json, Import-Clixml by extension) into rows, so that each host gets the rows naming it and no
    /// host ever looks the caller's path up. The hosts check the rows as they check -Baseline objects.
    /// </summary>
    internal static class BaselineRowReader
    {
        public static List<object> Read(PSCmdlet cmdlet, object? paths, bool literal)
        {
            var rows = new List<object>();
            foreach (string path in Texts(paths))
            {
                foreach (string file in Resolve(cmdlet, path, literal))
                {
                    rows.AddRange(ReadFile(cmdlet, file));
                }
            }

            return rows;
        }

        private static IEnumerable<string> Texts(object? value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (value is string single)
            {
                yield return single;
            }
            else if (value is IEnumerable many)
            {
                foreach (var item in many)
                {
                    if (item != null)
                    {
                        yield return item.ToString()!;
                    }
                }
            }
        }

        private static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
        {
            Collection<string> files;
            try
            {
                files = literal || !WildcardPattern.ContainsWildcardCharacters(path)
                    ? new Collection<string> { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) }
                    : cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException
                || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException)
            {
                Fail(cmdlet, ErrorCatalogue.BaselineNotFound, path,
                    $"Baseline file '{TerminalText.Escape(path)}' cannot be found: {TerminalText.Escape(e.Message)}", e);
                yield break;
            }

            foreach (string file in files)
            {
                if (!File.Exists(file))
                {
                    Fail(cmdlet, ErrorCatalogue.BaselineNotFound, path, $"Baseline file '{TerminalText.Escape(file)}' does not exist.");
                }

                yield return file;
            }
        }

        private static List<object> ReadFile(PSCmdlet cmdlet, string file)
        {
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".csv":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\Import-Csv").AddParameter("LiteralPath", file);
                    break;
                case ".json":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\ConvertFrom-Json").AddParameter("InputObject", File.ReadAllText(file));
                    break;
                case ".xml":
                case ".clixml":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\Import-Clixml").AddParameter("LiteralPath", file);
                    break;
                default:
                    Fail(cmdlet, ErrorCatalogue.BaselineUnsupportedFormat, file,
                        $"Baseline file '{TerminalText.Escape(file)}' is not .csv, .json or .xml (Export-Clixml); the format follows the extension.");
                    break;
            }

            Collection<PSObject> output;
            try
            {
                output = shell.Invoke();
            }
            catch (RuntimeException e)
            {
                Fail(cmdlet, ErrorCatalogue.BaselineUnreadable, file,
                    $"Baseline file '{TerminalText.Escape(file)}' cannot be read: {TerminalText.Escape(e.Message)}", e);
                throw;
            }

            if (shell.HadErrors && shell.Streams.Error.Count > 0)
            {
                var first = shell.Streams.Error[0];
                string reason = TerminalText.Escape(first.Exception?.Message ?? first.ToString()) ?? string.Empty;
                Fail(cmdlet, ErrorCatalogue.BaselineUnreadable, file,
                    $"Baseline file '{TerminalText.Escape(file)}' cannot be read: {reason}", first.Exception);
            }

            // ConvertFrom-Json may write an array as one object: its elements are the rows.
            var rows = new List<object>();
            foreach (var item in output)
            {
                if (item?.BaseObject is object[] array)
                {
                    foreach (var element in array)
                    {
                        if (element != null)
                        {
                            rows.Add(element);
                        }
                    }
                }
                else if (item != null)
                {
                    rows.Add(item);
                }
            }

            return rows;
        }

        private static void Fail(PSCmdlet cmdlet, ErrorDefinition error, string target, string message, Exception? inner = null) =>
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(error, target, message, inner));
    }
}
