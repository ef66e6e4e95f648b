using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// One baseline row as a reader found it, before it is checked: the values of the properties a baseline uses
    /// (<see cref="BaselineRowConverter.Names"/>), by name ignoring case, with where the row came from. Readers keep
    /// only those properties, so a row costs the same whatever else the export carried.
    /// </summary>
    internal sealed class BaselineRow
    {
        private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

        public BaselineRow(int number, int line, string source)
        {
            Number = number;
            Line = line;
            Source = source;
        }

        /// <summary>A value that is a list or an object rather than one scalar (a reader saw structure there).</summary>
        public static readonly object Structured = new object();

        /// <summary>1-based: the row's place among the rows of its source.</summary>
        public int Number { get; }

        /// <summary>The line the row starts on in its file; 0 when it did not come from a file.</summary>
        public int Line { get; }

        /// <summary>Where the row came from, quoted for messages: "'/srv/base.csv'", "-Baseline", "the pipeline".</summary>
        public string Source { get; }

        /// <summary>The row is not an object at all (a number, a string, a list): what it is instead, for the message.</summary>
        public string? NotAnObject { get; set; }

        /// <summary>CliXml: the id this row's object has in its file, which a later &lt;Ref&gt; can name.</summary>
        public string? ReferenceId { get; set; }

        /// <summary>CliXml: the row is a &lt;Ref&gt; to an earlier row with this id (the same object exported twice).</summary>
        public string? SameAs { get; set; }

        public IEnumerable<KeyValuePair<string, object?>> Values => _values;

        public object? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

        /// <summary>Adds a value; false when the row already has that name (in any case), which readers refuse.</summary>
        public bool TryAdd(string name, object? value)
        {
            if (_values.ContainsKey(name))
            {
                return false;
            }

            _values.Add(name, value);
            return true;
        }

        /// <summary>"row 3 (line 4) of '/srv/base.csv'", for messages.</summary>
        public string Where()
        {
            string number = Number.ToString(CultureInfo.InvariantCulture);
            return Line > 0 ? $"row {number} (line {Line.ToString(CultureInfo.InvariantCulture)}) of {Source}" : $"row {number} of {Source}";
        }
    }
}
