using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Reads a saved baseline with the cmdlet that wrote its format (Import-Csv, ConvertFrom-Json, Import-Clixml),
    /// chosen by extension, in the caller's runspace. Nothing custom: a baseline is whatever those cmdlets round-trip.
    /// </summary>
    internal static class BaselineFileReader
    {
        public static IReadOnlyList<object> Read(PSCmdlet cmdlet, string path, out string fullPath)
        {
            fullPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException(Directory.Exists(fullPath)
                    ? $"'{fullPath}' is a directory, not a baseline file: give the path of a .csv, .json or .xml file."
                    : $"Baseline file '{fullPath}' does not exist.", fullPath);
            }

            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            switch (Path.GetExtension(fullPath).ToLowerInvariant())
            {
                case ".csv":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\Import-Csv").AddParameter("LiteralPath", fullPath);
                    break;
                case ".json":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\ConvertFrom-Json").AddParameter("InputObject", File.ReadAllText(fullPath));
                    break;
                case ".xml":
                case ".clixml":
                    shell.AddCommand("Microsoft.PowerShell.Utility\\Import-Clixml").AddParameter("LiteralPath", fullPath);
                    break;
                default:
                    throw new NotSupportedException($"Baseline file '{fullPath}' is not .csv, .json or .xml (Export-Clixml); the format follows the extension.");
            }

            var output = shell.Invoke();
            if (shell.HadErrors && shell.Streams.Error.Count > 0)
            {
                var first = shell.Streams.Error[0];
                throw new InvalidDataException($"Baseline file '{fullPath}' cannot be read: {first.Exception?.Message ?? first.ToString()}", first.Exception);
            }

            return Flatten(output);
        }

        /// <summary>Objects one by one, whether the reader wrote them one by one or as one array (ConvertFrom-Json does either).</summary>
        public static List<object> Flatten(IEnumerable<object?> items)
        {
            var result = new List<object>();
            foreach (var item in items)
            {
                var value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is object[] array)
                {
                    foreach (var element in array)
                    {
                        if (element != null)
                        {
                            result.Add(element);
                        }
                    }
                }
                else if (item != null)
                {
                    result.Add(item);
                }
            }

            return result;
        }
    }
}
