using System;
using System.Collections.Generic;
using System.Text;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads the YAML that platyPS puts in front matter and in parameter blocks: block mappings, block lists
    /// (of scalars or of mappings, as in ParameterSets), flow lists such as [] or [a, b], plain and quoted
    /// scalars, and # comments. Anchors, tags, multi-line scalars and flow mappings are rejected with the
    /// line, not guessed at: the SDK has no YAML parser and a wrong guess would put wrong facts in Get-Help.
    /// </summary>
    internal sealed class YamlSubsetReader
    {
        private readonly SourceFile _file;
        private readonly int _end;
        private int _pos;

        private YamlSubsetReader(SourceFile file, int start, int end)
        {
            _file = file;
            _pos = start;
            _end = end;
        }

        /// <summary>Reads lines [start, end) (0-based indices into the file) as one top-level mapping.</summary>
        public static YamlMap ReadMapping(SourceFile file, int start, int end)
        {
            var reader = new YamlSubsetReader(file, start, end);
            reader.SkipIgnorable();
            if (reader._pos >= end)
            {
                return new YamlMap(start + 1);
            }

            if (reader.Indent(reader._pos) != 0)
            {
                throw file.ErrorAtIndex(reader._pos, "YAML must start at column 1");
            }

            YamlMap map = reader.ReadMap(0, null);
            reader.SkipIgnorable();
            if (reader._pos < end)
            {
                throw file.ErrorAtIndex(reader._pos, "unexpected indentation in YAML");
            }

            return map;
        }

        /// <summary>
        /// Reads "key: value" lines at one indentation. <paramref name="inlineFirst"/> is the first entry when it
        /// sits on a list item's own line ("- Name: (All)"), whose following keys line up under "Name".
        /// </summary>
        private YamlMap ReadMap(int indent, string? inlineFirst)
        {
            var map = new YamlMap(_pos + 1);
            if (inlineFirst != null)
            {
                ReadEntry(map, indent, inlineFirst);
            }

            while (true)
            {
                SkipIgnorable();
                if (_pos >= _end)
                {
                    break;
                }

                int lineIndent = Indent(_pos);
                if (lineIndent < indent)
                {
                    break;
                }

                string content = _file.Lines[_pos].Substring(lineIndent);
                if (lineIndent > indent)
                {
                    throw _file.ErrorAtIndex(_pos, "unexpected indentation in YAML");
                }

                if (IsListItem(content))
                {
                    // A list under "key:" is consumed while reading that key, and the next item of an enclosing
                    // list sits left of this map; so a list item here follows a key that already had a value.
                    throw _file.ErrorAtIndex(_pos, "YAML list item without a 'key:' line above it");
                }

                ReadEntry(map, indent, content);
            }

            return map;
        }

        private void ReadEntry(YamlMap map, int indent, string content)
        {
            int lineIndex = _pos;
            int colon = FindKeyColon(content);
            if (colon <= 0)
            {
                throw _file.ErrorAtIndex(lineIndex, $"expected 'key: value' in YAML, found '{content.Trim()}'");
            }

            string key = content.Substring(0, colon).Trim();
            string rest = content.Substring(colon + 1).Trim();
            _pos++;

            YamlNode value = rest.Length > 0 && !rest.StartsWith("#", StringComparison.Ordinal)
                ? ParseInline(rest, lineIndex)
                : ReadNestedOrEmpty(indent, lineIndex);

            if (!map.TryAdd(key, lineIndex + 1, value))
            {
                throw _file.ErrorAtIndex(lineIndex, $"duplicate YAML key '{key}'");
            }
        }

        /// <summary>After "key:" with nothing on the line: a block list, a nested mapping, or an empty value.</summary>
        private YamlNode ReadNestedOrEmpty(int indent, int keyLineIndex)
        {
            SkipIgnorable();
            if (_pos < _end)
            {
                int childIndent = Indent(_pos);
                string content = _file.Lines[_pos].Substring(childIndent);
                if (IsListItem(content) && childIndent >= indent)
                {
                    return ReadList(childIndent);
                }

                if (childIndent > indent)
                {
                    return ReadMap(childIndent, null);
                }
            }

            return new YamlScalar(keyLineIndex + 1, string.Empty, isQuoted: false);
        }

        private YamlList ReadList(int indent)
        {
            int line = _pos + 1;
            var items = new List<YamlNode>();
            while (true)
            {
                SkipIgnorable();
                if (_pos >= _end || Indent(_pos) != indent)
                {
                    break;
                }

                string content = _file.Lines[_pos].Substring(indent);
                if (!IsListItem(content))
                {
                    break;
                }

                string item = content.Length > 1 ? content.Substring(2) : string.Empty;
                int itemOffset = item.Length - item.TrimStart(' ').Length;
                item = item.TrimStart(' ');
                if (item.Length > 0 && FindKeyColon(item) > 0 && !IsQuoteStart(item[0]))
                {
                    items.Add(ReadMap(indent + 2 + itemOffset, item));
                }
                else if (item.Length == 0)
                {
                    throw _file.ErrorAtIndex(_pos, "empty YAML list item");
                }
                else
                {
                    items.Add(ParseInline(item, _pos));
                    _pos++;
                }
            }

            return new YamlList(line, items);
        }

        private YamlNode ParseInline(string text, int lineIndex)
        {
            char first = text[0];
            if (first == '[')
            {
                return ParseFlowList(text, lineIndex);
            }

            if ("{&*!|>%@`".IndexOf(first) >= 0)
            {
                throw _file.ErrorAtIndex(lineIndex, $"unsupported YAML value '{text}' (only scalars and lists are allowed here)");
            }

            int consumed;
            YamlScalar scalar = ParseScalar(text, 0, lineIndex, out consumed, stopAtComma: false);
            string trailing = text.Substring(consumed).Trim();
            if (trailing.Length > 0 && !trailing.StartsWith("#", StringComparison.Ordinal))
            {
                throw _file.ErrorAtIndex(lineIndex, $"unexpected text after YAML value: '{trailing}'");
            }

            return scalar;
        }

        private YamlList ParseFlowList(string text, int lineIndex)
        {
            var items = new List<YamlNode>();
            int i = 1;
            while (true)
            {
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    throw _file.ErrorAtIndex(lineIndex, "unterminated YAML list: missing ']'");
                }

                if (text[i] == ']')
                {
                    if (items.Count > 0)
                    {
                        throw _file.ErrorAtIndex(lineIndex, "empty item in YAML list");
                    }

                    i++;
                    break;
                }

                if (text[i] == '[' || text[i] == '{')
                {
                    throw _file.ErrorAtIndex(lineIndex, "nested collections are not supported in YAML lists");
                }

                YamlScalar item = ParseScalar(text, i, lineIndex, out i, stopAtComma: true);
                if (item.IsEmpty)
                {
                    throw _file.ErrorAtIndex(lineIndex, "empty item in YAML list");
                }

                items.Add(item);
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                if (i < text.Length && text[i] == ']')
                {
                    i++;
                    break;
                }

                throw _file.ErrorAtIndex(lineIndex, "unterminated YAML list: missing ']'");
            }

            string trailing = text.Substring(i).Trim();
            if (trailing.Length > 0 && !trailing.StartsWith("#", StringComparison.Ordinal))
            {
                throw _file.ErrorAtIndex(lineIndex, $"unexpected text after YAML list: '{trailing}'");
            }

            return new YamlList(lineIndex + 1, items);
        }

        /// <summary>Parses one scalar starting at <paramref name="start"/>; <paramref name="next"/> is where it ended.</summary>
        private YamlScalar ParseScalar(string text, int start, int lineIndex, out int next, bool stopAtComma)
        {
            char first = text[start];
            if (first == '\'')
            {
                // Single quotes: the only escape is '' for a quote.
                var value = new StringBuilder();
                int i = start + 1;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw _file.ErrorAtIndex(lineIndex, "unterminated single-quoted YAML string");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        next = i + 1;
                        return new YamlScalar(lineIndex + 1, value.ToString(), isQuoted: true);
                    }

                    value.Append(text[i]);
                    i++;
                }
            }

            if (first == '"')
            {
                var value = new StringBuilder();
                int i = start + 1;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw _file.ErrorAtIndex(lineIndex, "unterminated double-quoted YAML string");
                    }

                    char c = text[i];
                    if (c == '"')
                    {
                        next = i + 1;
                        return new YamlScalar(lineIndex + 1, value.ToString(), isQuoted: true);
                    }

                    if (c == '\\')
                    {
                        if (i + 1 >= text.Length)
                        {
                            throw _file.ErrorAtIndex(lineIndex, "unterminated double-quoted YAML string");
                        }

                        char escaped = text[i + 1];
                        switch (escaped)
                        {
                            case '"': value.Append('"'); break;
                            case '\\': value.Append('\\'); break;
                            case 'n': value.Append('\n'); break;
                            case 't': value.Append('\t'); break;
                            default:
                                throw _file.ErrorAtIndex(lineIndex, $"unsupported escape '\\{escaped}' in YAML string");
                        }

                        i += 2;
                        continue;
                    }

                    value.Append(c);
                    i++;
                }
            }

            // Plain scalar: runs to a comment (" #"), or to ',' / ']' inside a flow list.
            int end = start;
            while (end < text.Length)
            {
                char c = text[end];
                if (stopAtComma && (c == ',' || c == ']'))
                {
                    break;
                }

                if (c == '#' && end > start && text[end - 1] == ' ')
                {
                    break;
                }

                end++;
            }

            next = end;
            return new YamlScalar(lineIndex + 1, text.Substring(start, end - start).Trim(), isQuoted: false);
        }

        /// <summary>The colon that ends a key: followed by a space or the end of the line, outside quotes.</summary>
        private static int FindKeyColon(string content)
        {
            if (content.Length == 0 || IsQuoteStart(content[0]))
            {
                return -1;
            }

            for (int i = 0; i < content.Length; i++)
            {
                if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsQuoteStart(char c) => c == '\'' || c == '"';

        private static bool IsListItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

        private int Indent(int lineIndex)
        {
            string line = _file.Lines[lineIndex];
            int i = 0;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '\t')
            {
                // YAML forbids tabs for indentation; say so instead of misreading the structure.
                throw _file.ErrorAtIndex(lineIndex, "tab used for indentation in YAML (use spaces)");
            }

            return i;
        }

        /// <summary>Skips blank lines and whole-line comments.</summary>
        private void SkipIgnorable()
        {
            while (_pos < _end)
            {
                string trimmed = _file.Lines[_pos].Trim();
                if (trimmed.Length != 0 && !trimmed.StartsWith("#", StringComparison.Ordinal))
                {
                    return;
                }

                _pos++;
            }
        }
    }
}
