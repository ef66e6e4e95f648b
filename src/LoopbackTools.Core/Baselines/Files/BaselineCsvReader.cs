using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LoopbackTools.Audit;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines.Files
{
    /// <summary>
    /// Reads what Export-Csv writes, row by row: an optional #TYPE line, a header, then one record per object (every
    /// field quoted, empty for null, enums by name). Like Import-Csv, a missing field at the end of a record is null
    /// and extra fields are ignored; unlike it, nothing is kept but the properties a baseline uses.
    /// </summary>
    internal static class BaselineCsvReader
    {
        public static IEnumerable<BaselineRow> Read(TextReader text, string source)
        {
            var records = new CsvRecordReader(text);
            var header = Next(records, source);
            if (header == null)
            {
                yield break;
            }

            // Column index -> property name, for the columns a baseline uses.
            var columns = new Dictionary<int, string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < header.Count; i++)
            {
                string name = header[i].Trim();
                if (name.Length > 0 && !seen.Add(name))
                {
                    throw Unreadable(source, records.LineNumber, $"the header names the column '{TerminalText.Escape(name)}' twice");
                }

                if (BaselineRowConverter.IsKept(name))
                {
                    columns[i] = name;
                }
            }

            int number = 0;
            IReadOnlyList<string>? fields;
            while ((fields = Next(records, source)) != null)
            {
                var row = new BaselineRow(++number, records.LineNumber, source);
                foreach (var column in columns)
                {
                    row.TryAdd(column.Value, column.Key < fields.Count ? fields[column.Key] : null);
                }

                yield return row;
            }
        }

        private static IReadOnlyList<string>? Next(CsvRecordReader records, string source)
        {
            try
            {
                return records.Next();
            }
            catch (FormatException e)
            {
                // "Line N: a quoted field is not closed."
                throw new BaselineException(ErrorCatalogue.BaselineUnreadable, null, $"Baseline file {source} is not valid CSV: {e.Message}", e);
            }
        }

        private static BaselineException Unreadable(string source, int line, string problem) =>
            new BaselineException(ErrorCatalogue.BaselineUnreadable, null,
                $"Baseline file {source}, line {line.ToString(CultureInfo.InvariantCulture)}: {problem}.");
    }
}
