using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// Reads RFC 4180 records (quoted fields, doubled quotes, commas and newlines inside quotes) and skips lines that
    /// start with '#', so the data files that ship in the assembly can explain themselves.
    /// </summary>
    internal sealed class CsvRecordReader
    {
        private readonly TextReader _reader;
        private int _line;

        public CsvRecordReader(TextReader reader)
        {
            _reader = reader;
        }

        /// <summary>The line the last record returned started on (1-based).</summary>
        public int LineNumber { get; private set; }

        public IReadOnlyList<string>? Next()
        {
            string? line;
            do
            {
                line = _reader.ReadLine();
                _line++;
                if (line == null)
                {
                    return null;
                }
            }
            while (line.Length == 0 || line[0] == '#');

            LineNumber = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            int i = 0;
            while (true)
            {
                if (i == line.Length)
                {
                    if (!quoted)
                    {
                        fields.Add(field.ToString());
                        return fields;
                    }

                    // A newline inside a quoted field: the record goes on.
                    line = _reader.ReadLine() ?? throw new FormatException($"Line {LineNumber}: a quoted field is not closed.");
                    _line++;
                    field.Append('\n');
                    i = 0;
                    continue;
                }

                char c = line[i++];
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < line.Length && line[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }
        }
    }
}
