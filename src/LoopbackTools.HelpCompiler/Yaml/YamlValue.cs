using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A value of a YAML block with the file line it was typed on: a scalar, or a list of scalars (platyPS writes
    /// Aliases either way). The typed YAML classes hold these instead of string or bool so that a wrong value is
    /// reported where the author typed it, by a reader that can name the key and the parameter.
    /// </summary>
    internal sealed class YamlValue
    {
        public YamlValue(int line, string text, bool isQuoted)
        {
            Line = line;
            Text = text;
            IsQuoted = isQuoted;
        }

        public YamlValue(int line, IReadOnlyList<YamlValue> items)
        {
            Line = line;
            Items = items;
        }

        /// <summary>1-based line in the markdown file.</summary>
        public int Line { get; }

        /// <summary>The scalar's text; null for a list.</summary>
        public string? Text { get; }

        /// <summary>True for 'x' or "x": a quoted empty string is a value, an unquoted empty one is absent.</summary>
        public bool IsQuoted { get; }

        /// <summary>The items of a list; null for a scalar.</summary>
        public IReadOnlyList<YamlValue>? Items { get; }

        /// <summary>"key:" with nothing after it.</summary>
        public bool IsEmpty => Text != null && Text.Length == 0 && !IsQuoted;
    }
}
