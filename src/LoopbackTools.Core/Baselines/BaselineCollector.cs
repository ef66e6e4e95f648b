using System.Collections.Generic;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// Gathers a baseline from its sources (files, objects, the pipeline) as entries, one row at a time, and
    /// refuses a source that holds no rows: compared with nothing, every listener would be "Added" without a word.
    /// </summary>
    internal sealed class BaselineCollector
    {
        private readonly BaselineRowConverter _converter = new BaselineRowConverter();
        private readonly Dictionary<string, BaselineEntry> _references = new Dictionary<string, BaselineEntry>();

        public List<BaselineEntry> Entries { get; } = new List<BaselineEntry>();

        /// <summary>Adds a row; an invalid row is a BaselineException (InvalidBaselineEntry) naming it.</summary>
        public void Add(BaselineRow row)
        {
            if (row.SameAs != null)
            {
                // The same object exported twice (CliXml's <Ref>): the same endpoint again.
                if (!_references.TryGetValue(row.SameAs, out var earlier))
                {
                    throw BaselineRowConverter.Invalid(row,
                        $"refers to an object with RefId '{TerminalText.Escape(row.SameAs)}', which no earlier row has");
                }

                Entries.Add(earlier);
                return;
            }

            var entry = _converter.Convert(row);
            if (row.ReferenceId != null)
            {
                _references[row.ReferenceId] = entry;
            }

            Entries.Add(entry);
        }

        public void Add(BaselineEntry entry) => Entries.Add(entry);

        /// <summary>Adds every row of a file (reference ids are per file); the number of rows it held.</summary>
        public int AddAll(IEnumerable<BaselineRow> rows)
        {
            _references.Clear();
            int count = 0;
            foreach (var row in rows)
            {
                Add(row);
                count++;
            }

            _references.Clear();
            return count;
        }

        /// <summary>The error for a source with no rows: "Baseline file '...'", "-Baseline", "The pipeline".</summary>
        public static BaselineException Empty(string source, object? target) =>
            new BaselineException(ErrorCatalogue.BaselineEmpty, target,
                $"{source} holds no baseline rows, so every listener would be reported as Added. Check that the baseline "
                + "was saved (Get-LoopbackEndpoint -Listening | Export-Csv -Path <file>), or add -AllowEmptyBaseline if an "
                + "empty baseline is meant.");
    }
}
