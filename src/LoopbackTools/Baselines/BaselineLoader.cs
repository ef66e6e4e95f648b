using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Baselines.Files;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// A baseline from files, objects or the pipeline, as entries, converted as the rows arrive so that no source is
    /// held whole. Any unreadable file or row, and (unless -AllowEmptyBaseline) a source without rows, stops the cmdlet
    /// with one clear error.
    /// </summary>
    internal sealed class BaselineLoader
    {
        private readonly PSCmdlet _cmdlet;
        private readonly bool _allowEmpty;
        private readonly BaselineCollector _collector = new BaselineCollector();
        private int _piped;

        public BaselineLoader(PSCmdlet cmdlet, bool allowEmpty)
        {
            _cmdlet = cmdlet;
            _allowEmpty = allowEmpty;
        }

        public List<BaselineEntry> Entries => _collector.Entries;

        /// <summary>-Path or -LiteralPath: every file it names, each of which must hold rows.</summary>
        public BaselineLoader AddFiles(IEnumerable<string> paths, bool literal)
        {
            foreach (string file in BaselineFileReader.Resolve(_cmdlet, paths, literal))
            {
                int rows = 0;
                try
                {
                    rows = _collector.AddAll(BaselineFile.Read(file));
                }
                catch (BaselineException e)
                {
                    Stop(e, file);
                }

                if (rows == 0)
                {
                    RequireRows($"Baseline file '{TerminalText.Escape(file)}'", file);
                }
            }

            return this;
        }

        /// <summary>-Baseline: the objects, an array among them taken apart as ConvertFrom-Json's arrays need.</summary>
        public BaselineLoader AddObjects(IEnumerable<object?>? objects, string source)
        {
            int number = 0;
            foreach (var item in Flatten(objects ?? new object?[0]))
            {
                Add(item, ++number, source);
            }

            if (number == 0)
            {
                RequireRows(source, source);
            }

            return this;
        }

        /// <summary>One object from the pipeline (ProcessRecord); <see cref="EndPipeline"/> checks that some came.</summary>
        public void AddPiped(IEnumerable<object?>? objects, string source)
        {
            foreach (var item in Flatten(objects ?? new object?[0]))
            {
                Add(item, ++_piped, source);
            }
        }

        public BaselineLoader EndPipeline(string source)
        {
            if (_piped == 0)
            {
                RequireRows(source, null);
            }

            return this;
        }

        private void Add(object? item, int number, string source)
        {
            try
            {
                var live = BaselineEntryConverter.FromEndpoint(item);
                if (live != null)
                {
                    _collector.Add(live);
                }
                else
                {
                    _collector.Add(BaselineEntryConverter.ToRow(item, number, source));
                }
            }
            catch (BaselineException e)
            {
                // The object as it came is the most useful target: the user sees the row they passed.
                _cmdlet.ThrowTerminatingError(ErrorRecords.Create(e.Error, item, e.Message, e));
            }
        }

        private void RequireRows(string source, object? target)
        {
            if (!_allowEmpty)
            {
                Stop(BaselineCollector.Empty(source, target), target);
            }
        }

        private void Stop(BaselineException e, object? fallbackTarget)
        {
            // A file row's target is the row's values as an object; a file-level problem's target is the file.
            object? target = e.Row != null ? RowObject(e.Row) : e.Target ?? fallbackTarget;
            _cmdlet.ThrowTerminatingError(ErrorRecords.Create(e.Error, target, e.Message, e));
        }

        private static PSObject RowObject(BaselineRow row)
        {
            var obj = new PSObject();
            foreach (var value in row.Values)
            {
                obj.Properties.Add(new PSNoteProperty(value.Key, ReferenceEquals(value.Value, BaselineRow.Structured) ? "(a list or an object)"
                    : value.Value));
            }

            return obj;
        }

        /// <summary>Objects one by one, whether they came one by one or as one array (ConvertFrom-Json does either).</summary>
        private static IEnumerable<object?> Flatten(IEnumerable<object?> items)
        {
            foreach (var item in items)
            {
                var value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is object[] array)
                {
                    foreach (var element in array)
                    {
                        if (element != null)
                        {
                            yield return element;
                        }
                    }
                }
                else if (item != null)
                {
                    yield return item;
                }
            }
        }
    }
}
