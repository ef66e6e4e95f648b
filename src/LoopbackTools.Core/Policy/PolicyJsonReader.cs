using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using LoopbackTools.Errors;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// Reads a JSON policy into <see cref="PolicyNode"/>s with line numbers (netstandard2.0 has no JSON parser, and
    /// ConvertFrom-Json forgets where values came from). Accepts // and /* */ comments like PowerShell 7's
    /// ConvertFrom-Json; rejects duplicate keys, which ConvertFrom-Json would silently merge.
    /// </summary>
    internal sealed class PolicyJsonReader
    {
        private const int MaxDepth = 64;
        private readonly JsonText _text;
        private readonly string _file;
        private int _pos;
        private int _line = 1;

        private PolicyJsonReader(JsonText text, string file)
        {
            _text = text;
            _file = file;
        }

        public static PolicyNode Read(string text, string file)
        {
            var reader = new PolicyJsonReader(new JsonText(text), file);
            if (reader._text.Has(0) && reader._text[0] == '\uFEFF')
            {
                reader._pos = 1;
            }

            reader.SkipSpace();
            if (reader.AtEnd)
            {
                throw reader.Error("the file is empty; a policy is a JSON object with a \"Listeners\" array.");
            }

            var root = reader.ReadValue(0);
            reader.SkipSpace();
            if (!reader.AtEnd)
            {
                throw reader.Error($"unexpected '{reader.Current}' after the end of the JSON value.");
            }

            return root;
        }

        private bool AtEnd => !_text.Has(_pos);

        private char Current => _text[_pos];

        private PolicyNode ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth} levels.");
            }

            if (AtEnd)
            {
                throw Error("the file ends where a value is expected.");
            }

            int line = _line;
            char c = Current;
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return new PolicyScalar(line, ReadString());
                case 't': ExpectWord("true"); return new PolicyScalar(line, true);
                case 'f': ExpectWord("false"); return new PolicyScalar(line, false);
                case 'n': ExpectWord("null"); return new PolicyScalar(line, null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return new PolicyScalar(line, ReadNumber());
                    }

                    throw Error($"unexpected '{Printable(c)}' where a value is expected (strings need double quotes).");
            }
        }

        private PolicyMap ReadObject(int depth)
        {
            int line = _line;
            _pos++;
            var entries = new List<PolicyMapEntry>();
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            SkipSpace();
            if (!AtEnd && Current == '}')
            {
                _pos++;
                return new PolicyMap(line, entries);
            }

            while (true)
            {
                SkipSpace();
                if (AtEnd || Current != '"')
                {
                    throw Error(AtEnd ? "the file ends inside an object." : $"expected a quoted key, found '{Printable(Current)}'.");
                }

                int keyLine = _line;
                string key = ReadString();
                // Keys are case-insensitive in the policy (as in a .psd1 hashtable), so "port" and "Port" collide.
                if (seen.TryGetValue(key, out int firstLine))
                {
                    throw new PolicyException(ErrorCatalogue.PolicyDuplicateKey, _file, keyLine, key, $"the key '{key}' appears twice in one object (first on line {firstLine}).");
                }

                seen[key] = keyLine;
                SkipSpace();
                Expect(':');
                SkipSpace();
                entries.Add(new PolicyMapEntry(key, keyLine, ReadValue(depth + 1)));
                SkipSpace();
                if (AtEnd)
                {
                    throw Error("the file ends inside an object; a '}' is missing.");
                }

                if (Current == ',')
                {
                    _pos++;
                    continue;
                }

                if (Current == '}')
                {
                    _pos++;
                    return new PolicyMap(line, entries);
                }

                throw Error($"expected ',' or '}}' after a value, found '{Printable(Current)}'.");
            }
        }

        private PolicyList ReadArray(int depth)
        {
            int line = _line;
            _pos++;
            var items = new List<PolicyNode>();
            SkipSpace();
            if (!AtEnd && Current == ']')
            {
                _pos++;
                return new PolicyList(line, items);
            }

            while (true)
            {
                SkipSpace();
                items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (AtEnd)
                {
                    throw Error("the file ends inside an array; a ']' is missing.");
                }

                if (Current == ',')
                {
                    _pos++;
                    continue;
                }

                if (Current == ']')
                {
                    _pos++;
                    return new PolicyList(line, items);
                }

                throw Error($"expected ',' or ']' after a value, found '{Printable(Current)}'.");
            }
        }

        private string ReadString()
        {
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("the file ends inside a string.");
                }

                char c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c == '\n' || c == '\r')
                {
                    throw Error("a string is not closed before the end of the line.");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw Error("the file ends inside a string.");
                }

                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (!_text.Has(_pos + 3) || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("\\u must be followed by four hex digits.");
                        }

                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Error($"'\\{Printable(e)}' is not a JSON escape (a Windows path needs doubled backslashes).");
                }
            }
        }

        private object ReadNumber()
        {
            int start = _pos;
            if (Current == '-')
            {
                _pos++;
            }

            bool integral = true;
            while (!AtEnd)
            {
                char c = Current;
                if (c >= '0' && c <= '9')
                {
                    _pos++;
                }
                else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
                {
                    integral = false;
                    _pos++;
                }
                else
                {
                    break;
                }
            }

            string token = _text.Substring(start, _pos - start);
            if (integral && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            {
                return whole;
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
            {
                return real;
            }

            throw Error($"'{token}' is not a number.");
        }

        private void ExpectWord(string word)
        {
            if (!_text.Matches(_pos, word))
            {
                int end = _pos;
                while (_text.Has(end) && char.IsLetterOrDigit(_text[end]))
                {
                    end++;
                }

                throw Error($"unexpected '{_text.Substring(_pos, Math.Max(1, end - _pos))}' (strings need double quotes; literals are true, false and null).");
            }

            _pos += word.Length;
        }

        private void Expect(char c)
        {
            if (AtEnd || Current != c)
            {
                throw Error(AtEnd ? $"the file ends where '{c}' is expected." : $"expected '{c}', found '{Printable(Current)}'.");
            }

            _pos++;
        }

        private void SkipSpace()
        {
            while (!AtEnd)
            {
                char c = Current;
                if (c == '\n')
                {
                    _line++;
                    _pos++;
                }
                else if (c == ' ' || c == '\t' || c == '\r')
                {
                    _pos++;
                }
                else if (c == '/' && _text.Has(_pos + 1) && _text[_pos + 1] == '/')
                {
                    while (!AtEnd && Current != '\n')
                    {
                        _pos++;
                    }
                }
                else if (c == '/' && _text.Has(_pos + 1) && _text[_pos + 1] == '*')
                {
                    int close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw Error("a /* comment is not closed.");
                    }

                    for (int i = _pos; i < close; i++)
                    {
                        if (_text[i] == '\n')
                        {
                            _line++;
                        }
                    }

                    _pos = close + 2;
                }
                else
                {
                    return;
                }
            }
        }

        private PolicyException Error(string detail) => new PolicyException(ErrorCatalogue.PolicySyntaxError, _file, _line, null, "JSON syntax error: " + detail);

        // The offending character goes into an error message, which a terminal shows: escape control characters.
        private static string Printable(char c) => TerminalText.Escape(c.ToString()) ?? string.Empty;

        /// <summary>
        /// Reads a top-level array one element at a time (a single top-level value is one element; an empty text or
        /// a top-level null is none), letting go of each element's text once it is read: baseline files of
        /// ConvertTo-Json's output, with the policy's grammar and its errors (file and line, duplicate keys).
        /// </summary>
        public static IEnumerable<PolicyNode> ReadElements(TextReader text, string file)
        {
            var reader = new PolicyJsonReader(new JsonText(text), file);
            if (reader._text.Has(0) && reader._text[0] == '\uFEFF')
            {
                reader._pos = 1;
            }

            reader.SkipSpace();
            if (reader.AtEnd)
            {
                yield break;
            }

            if (reader.Current != '[')
            {
                var single = reader.ReadValue(0);
                reader.SkipSpace();
                if (!reader.AtEnd)
                {
                    throw reader.Error($"unexpected '{Printable(reader.Current)}' after the end of the JSON value.");
                }

                if (!(single is PolicyScalar { Value: null }))
                {
                    yield return single;
                }

                yield break;
            }

            reader._pos++;
            reader.SkipSpace();
            bool first = true;
            while (true)
            {
                if (reader.AtEnd)
                {
                    throw reader.Error("the file ends inside an array; a ']' is missing.");
                }

                if (reader.Current == ']' && first)
                {
                    reader._pos++;
                    break;
                }

                var element = reader.ReadValue(1);
                reader._text.Release(reader._pos);
                yield return element;
                first = false;
                reader.SkipSpace();
                if (reader.AtEnd)
                {
                    throw reader.Error("the file ends inside an array; a ']' is missing.");
                }

                if (reader.Current == ']')
                {
                    reader._pos++;
                    break;
                }

                if (reader.Current != ',')
                {
                    throw reader.Error($"expected ',' or ']' after a value, found '{Printable(reader.Current)}'.");
                }

                reader._pos++;
                reader.SkipSpace();
            }

            reader.SkipSpace();
            if (!reader.AtEnd)
            {
                throw reader.Error($"unexpected '{Printable(reader.Current)}' after the end of the JSON value.");
            }
        }
    }
}
