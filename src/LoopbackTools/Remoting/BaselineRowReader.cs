using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Baselines.Files;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Baseline files named for a -Session call, read on this computer by the same strict, streaming readers as a
    /// local comparison (Baselines/Files) into rows, so that each host gets the rows naming it and no host ever looks
    /// the caller's path up. Every row is checked here first: a bad file stops the call, with the same error and row
    /// as locally, before any host is asked. The hosts get the rows' values as objects, as -Baseline objects.
    /// </summary>
    internal static class BaselineRowReader
    {
        public static List<object> Read(PSCmdlet cmdlet, object? paths, bool literal, bool allowEmpty)
        {
            var rows = new List<object>();
            foreach (string file in BaselineFileReader.Resolve(cmdlet, Texts(paths), literal))
            {
                // A checker per file: CliXml reference ids are per file, and the entries are not kept.
                var checker = new BaselineCollector();
                var byReference = new Dictionary<string, PSObject>();
                int count = 0;
                try
                {
                    foreach (var row in BaselineFile.Read(file))
                    {
                        checker.Add(row);
                        checker.Entries.Clear();
                        var item = row.SameAs != null ? byReference[row.SameAs] : RowObject(row);
                        if (row.ReferenceId != null)
                        {
                            byReference[row.ReferenceId] = item;
                        }

                        rows.Add(item);
                        count++;
                    }

                    if (count == 0 && !allowEmpty)
                    {
                        throw BaselineCollector.Empty($"Baseline file '{TerminalText.Escape(file)}'", file);
                    }
                }
                catch (BaselineException e)
                {
                    // As a local comparison reports it: a row's target is its values, a file's problem the file.
                    object? target = e.Row != null ? RowObject(e.Row) : e.Target ?? file;
                    cmdlet.ThrowTerminatingError(ErrorRecords.Create(e.Error, target, e.Message, e));
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

        private static PSObject RowObject(BaselineRow row)
        {
            var item = new PSObject();
            foreach (var value in row.Values)
            {
                object? text = ReferenceEquals(value.Value, BaselineRow.Structured) ? "(a list or an object)" : value.Value;
                item.Properties.Add(new PSNoteProperty(value.Key, text));
            }

            return item;
        }
    }
}
