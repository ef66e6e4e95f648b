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
    /// ConvertFrom-Json forgets where values came from). Strict RFC 8259 otherwise: numbers as the grammar writes
    /// them (no 01, 1. or .5), no raw control characters inside strings, no lone UTF-16 surrogates. Accepts // and
    /// /* */ comments like PowerShell 7's ConvertFrom-Json; rejects duplicate keys, which ConvertFrom-Json would
    /// silently merge. Hand-written on purpose: System.Text.Json and Newtonsoft.Json would have to ship beside the
    /// module, and Windows PowerShell 5.1 loads its own (older) copies of both, so ours would clash with them.
    /// One pass over the text, nesting bounded (<see cref="MaxDepth"/>), so its cost is linear in the file.
    /// </summary>
    internal sealed class PolicyJsonReader
    {
        public const int MaxDepth = 64;
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
                throw reader.Error($"unexpected '{Printable(reader.Current)}' after the end of the JSON value.");
            }

            return root;
        }

        private bool AtEnd => !_text.Has(_pos);

        private char Current => _text[_pos];

        private PolicyNode ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new PolicyException(ErrorCatalogue.PolicyTooDeep, _file, _line, null,
                    $"lists and objects are nested deeper than {MaxDepth} levels; a policy needs three.");
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
                    string shown = PolicyText.Quote(key);
                    throw new PolicyException(ErrorCatalogue.PolicyDuplicateKey, _file, keyLine, shown,
                        $"the key '{shown}' appears twice in one object (first on line {firstLine}).");
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

                if (c < ' ')
                {
                    throw Error($"a control character ({Printable(c)}) inside a string must be written as an escape such as \\t.");
                }

                if (char.IsSurrogate(c))
                {
                    // A valid pair is two chars of the text; anything else is not text at all.
                    if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(Current))
                    {
                        sb.Append(c).Append(_text[_pos++]);
                        continue;
                    }

                    throw Error("a string holds half of a UTF-16 surrogate pair, which is not text.");
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
                        char unit = ReadHexUnit();
                        if (char.IsLowSurrogate(unit))
                        {
                            throw Error("\\u escapes a low surrogate with no high surrogate before it; that is not text.");
                        }

                        if (char.IsHighSurrogate(unit))
                        {
                            // JSON spells a character outside the BMP as two escapes: \ud83d\ude00.
                            if (!_text.Has(_pos + 1) || _text[_pos] != '\\' || _text[_pos + 1] != 'u')
                            {
                                throw Error("\\u escapes a high surrogate that no \\u low surrogate follows; that is not text.");
                            }

                            _pos += 2;
                            char low = ReadHexUnit();
                            if (!char.IsLowSurrogate(low))
                            {
                                throw Error("\\u escapes a high surrogate that no \\u low surrogate follows; that is not text.");
                            }

                            sb.Append(unit).Append(low);
                            break;
                        }

                        sb.Append(unit);
                        break;
                    default:
                        throw Error($"'\\{Printable(e)}' is not a JSON escape (a Windows path needs doubled backslashes).");
                }
            }
        }

        // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; "01", "1." and "-" are not numbers.
        private object ReadNumber()
        {
            int start = _pos;
            if (Current == '-')
            {
                _pos++;
            }

            if (AtEnd || !IsDigit(Current))
            {
                throw NotANumber(start);
            }

            if (Current == '0')
            {
                _pos++;
                if (!AtEnd && IsDigit(Current))
                {
                    throw NotANumber(start, "a number cannot start with 0 followed by more digits");
                }
            }
            else
            {
                SkipDigits();
            }

            bool integral = true;
            if (!AtEnd && Current == '.')
            {
                integral = false;
                _pos++;
                if (AtEnd || !IsDigit(Current))
                {
                    throw NotANumber(start, "a decimal point must be followed by digits");
                }

                SkipDigits();
            }

            if (!AtEnd && (Current == 'e' || Current == 'E'))
            {
                integral = false;
                _pos++;
                if (!AtEnd && (Current == '+' || Current == '-'))
                {
                    _pos++;
                }

                if (AtEnd || !IsDigit(Current))
                {
                    throw NotANumber(start, "an exponent must have digits");
                }

                SkipDigits();
            }

            if (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '.' || Current == '+' || Current == '-'))
            {
                throw NotANumber(start);
            }

            string token = _text.Substring(start, _pos - start);
            if (integral && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            {
                return whole;
            }

            // Too long for a long, or a fraction: a double (which the validator then refuses as a port).
            return double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private void SkipDigits()
        {
            while (!AtEnd && IsDigit(Current))
            {
                _pos++;
            }
        }

        private PolicyException NotANumber(int start, string? why = null)
        {
            int end = _pos;
            while (_text.Has(end) && end - start < 40 && (char.IsLetterOrDigit(_text[end]) || "+-.".IndexOf(_text[end]) >= 0))
            {
                end++;
            }

            string token = PolicyText.Quote(_text.Substring(start, Math.Max(1, end - start)));
            return Error(why == null ? $"'{token}' is not a number." : $"'{token}' is not a number: {why}.");
        }

        private char ReadHexUnit()
        {
            if (!_text.Has(_pos + 3))
            {
                throw Error("\\u must be followed by four hex digits.");
            }

            int code = 0;
            for (int i = 0; i < 4; i++)
            {
                char h = _text[_pos + i];
                int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (digit < 0)
                {
                    throw Error("\\u must be followed by four hex digits.");
                }

                code = (code * 16) + digit;
            }

            _pos += 4;
            return (char)code;
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

                string found = PolicyText.Quote(_text.Substring(_pos, Math.Max(1, Math.Min(40, end - _pos))));
                throw Error($"unexpected '{found}' (strings need double quotes; literals are true, false and null).");
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

        private PolicyException Error(string detail) => new PolicyException(ErrorCatalogue.PolicySyntaxError, _file, _line, null,
            "JSON syntax error: " + detail);

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
