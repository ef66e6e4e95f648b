using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LoopbackTools.Errors;
using LoopbackTools.Policy;

namespace LoopbackTools.Baselines.Files
{
    /// <summary>
    /// Reads what ConvertTo-Json writes, one array element at a time, with the policy reader's JSON grammar (no
    /// second JSON parser in the module): an array of objects, or one object; enums as numbers, or names with
    /// -EnumsAsStrings. A key twice in one object is refused (ConvertFrom-Json would keep the last), and a syntax
    /// error says the line.
    /// </summary>
    internal static class BaselineJsonReader
    {
        public static IEnumerable<BaselineRow> Read(TextReader text, string source)
        {
            int number = 0;
            using var elements = PolicyJsonReader.ReadElements(text, source).GetEnumerator();
            while (true)
            {
                PolicyNode element;
                try
                {
                    if (!elements.MoveNext())
                    {
                        yield break;
                    }

                    element = elements.Current;
                }
                catch (PolicyException e)
                {
                    throw Translate(e, number + 1, source);
                }

                yield return RowOf(element, ++number, source);
            }
        }

        private static BaselineRow RowOf(PolicyNode element, int number, string source)
        {
            var row = new BaselineRow(number, element.Line, source);
            if (!(element is PolicyMap map))
            {
                row.NotAnObject = element.Describe();
                return row;
            }

            foreach (var entry in map.Entries)
            {
                if (BaselineRowConverter.IsKept(entry.Key))
                {
                    // Duplicates were refused by the reader already (keys ignore case there too).
                    row.TryAdd(entry.Key, entry.Value is PolicyScalar scalar ? scalar.Value : BaselineRow.Structured);
                }
            }

            return row;
        }

        // The policy reader's errors, said about a baseline: a key twice is that row's fault, the rest the file's.
        private static BaselineException Translate(PolicyException e, int row, string source)
        {
            string line = e.Line.ToString(CultureInfo.InvariantCulture);
            string number = row.ToString(CultureInfo.InvariantCulture);
            if (e.Error == ErrorCatalogue.PolicyDuplicateKey)
            {
                return new BaselineException(ErrorCatalogue.InvalidBaselineEntry, null,
                    $"Baseline row {number} (line {line}) of {source} is refused: {TerminalText.Escape(e.Detail)}", e);
            }

            // "JSON syntax error: unexpected 'g' where a value is expected (strings need double quotes)."
            return new BaselineException(ErrorCatalogue.BaselineUnreadable, null,
                $"Baseline file {source}, line {line}: {TerminalText.Escape(e.Detail)}", e);
        }
    }
}
