using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using LoopbackTools.Errors;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// Reads a .psd1 policy: the constant subset of the PowerShell language that Import-PowerShellDataFile accepts
    /// (one @{ } hashtable of text, numbers, $true, $false, $null, @( ) lists, comma lists, comments and here-strings),
    /// into <see cref="PolicyNode"/>s with line numbers. Anything else (a command, a variable, a subexpression, a
    /// type, using, #requires, configuration, ...) is <c>PolicyNotConstant</c> at the line it is on.
    /// <para>
    /// Hand-written instead of PowerShell's own parser, because a policy comes from someone else and that parser is
    /// not made for hostile input: it acts on what it reads before we can look at the tree (using module loads the
    /// module, configuration loads the DSC schema store and put a .NET stack trace in the message), it throws past
    /// its own error list on some numbers (9223372036854775808l, "Unrecoverable error"), the tree it returns is deep
    /// enough for 12 KB of commas to overflow the stack of whoever walks it, and it costs 3 to 5 s a MB here. This
    /// reader goes over the text once, refuses non-data at the first token, stops at <see cref="MaxDepth"/> levels
    /// (<c>PolicyTooDeep</c>), and never needs a runspace, so the core tests and the fuzzer reach it directly.
    /// </para>
    /// </summary>
    internal sealed class PolicyDataFileReader
    {
        /// <summary>A policy nests three levels (hashtable, Listeners list, entry); 64 is far beyond any real one.</summary>
        public const int MaxDepth = 64;

        private const string ConstantsOnly =
            "only constants (text, numbers, $true, $false, $null, @( ) lists and @{ } hashtables) are allowed";

        private static readonly string[] StatementKeywords =
        {
            "using", "configuration", "param", "function", "filter", "workflow", "class", "enum", "data", "dynamicparam",
            "begin", "process", "end", "clean", "import-module", "set-strictmode",
        };

        private readonly string _text;
        private readonly string _file;
        private int _pos;
        private int _line = 1;

        private PolicyDataFileReader(string text, string file)
        {
            _text = text;
            _file = file;
        }

        public static PolicyNode Read(string text, string file)
        {
            var reader = new PolicyDataFileReader(text, file);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                reader._pos = 1;
            }

            reader.SkipSeparators();
            if (reader.AtEnd)
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, file, 0, null,
                    "the file is empty; a policy is a hashtable such as @{ Listeners = @( @{ Port = 22 } ) }.");
            }

            var root = reader.ReadStatement(0);
            reader.SkipSeparators();
            if (!reader.AtEnd)
            {
                throw reader.IsKeyword() ? reader.NotConstant() : new PolicyException(ErrorCatalogue.PolicyNotConstant, file, reader._line, null,
                    $"a policy file holds one hashtable and nothing after it, not '{reader.Offending()}'.");
            }

            return root;
        }

        private bool AtEnd => _pos >= _text.Length;

        private char Current => _text[_pos];

        private char Next => _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';

        // One statement: an expression, possibly a comma list.
        private PolicyNode ReadStatement(int depth)
        {
            int line = _line;
            var first = ReadUnary(depth);
            SkipSpace(false);
            if (AtEnd || Current != ',')
            {
                RefuseOperator();
                return first;
            }

            var items = new List<PolicyNode> { first };
            while (!AtEnd && Current == ',')
            {
                _pos++;
                SkipSpace(true);
                items.Add(ReadUnary(depth));
                SkipSpace(false);
            }

            RefuseOperator();
            return new PolicyList(line, items);
        }

        private PolicyNode ReadUnary(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new PolicyException(ErrorCatalogue.PolicyTooDeep, _file, _line, null,
                    $"lists and hashtables are nested deeper than {MaxDepth} levels here; a policy needs three.");
            }

            if (AtEnd)
            {
                throw Syntax(_line, "the file ends where a value is expected.");
            }

            int line = _line;
            char c = Current;
            switch (c)
            {
                case ',':
                    // The unary comma: ,x is a list of one.
                    _pos++;
                    SkipSpace(true);
                    return new PolicyList(line, new[] { ReadUnary(depth + 1) });
                case '@' when Next == '{':
                    return ReadHashtable(depth + 1);
                case '@' when Next == '(':
                    return ReadArrayExpression(depth + 1);
                case '@' when IsSingleQuote(Next) || IsDoubleQuote(Next):
                    return new PolicyScalar(line, ReadHereString());
                case '(':
                    return ReadParenthesis(depth + 1);
                case '$':
                    return ReadVariable();
                case '-' when IsNumberStart(Next) || char.IsWhiteSpace(Next):
                    return ReadNegative();
            }

            if (IsSingleQuote(c))
            {
                return new PolicyScalar(line, ReadSingleQuoted());
            }

            if (IsDoubleQuote(c))
            {
                return new PolicyScalar(line, ReadDoubleQuoted());
            }

            if (IsNumberStart(c))
            {
                return new PolicyScalar(line, ReadNumber(false));
            }

            if (c == ')' || c == '}' || c == ';')
            {
                throw Syntax(line, $"a value is missing before '{c}'.");
            }

            throw NotConstant();
        }

        private PolicyMap ReadHashtable(int depth)
        {
            int line = _line;
            _pos += 2;
            var entries = new List<PolicyMapEntry>();
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSeparators();
                if (AtEnd || Current == ')' || Current == ']')
                {
                    throw Syntax(line, "Missing closing '}' of the hashtable that starts on this line.");
                }

                if (Current == '}')
                {
                    _pos++;
                    return new PolicyMap(line, entries);
                }

                int keyLine = _line;
                string key = ReadKey();
                SkipSpace(false);
                if (AtEnd || Current != '=')
                {
                    throw Syntax(keyLine, $"Missing '=' operator after key '{PolicyText.Quote(key)}' in hash literal.");
                }

                _pos++;
                SkipSpace(true);
                if (AtEnd || Current == '}' || Current == ';' || Current == ')')
                {
                    throw Syntax(keyLine, $"Missing statement after '=' for key '{PolicyText.Quote(key)}' in hash literal.");
                }

                var value = ReadStatement(depth);
                if (seen.TryGetValue(key, out int firstLine))
                {
                    string shown = PolicyText.Quote(key);
                    throw new PolicyException(ErrorCatalogue.PolicyDuplicateKey, _file, keyLine, shown,
                        $"Duplicate keys '{shown}' are not allowed in hash literals (first on line {Number(firstLine)}).");
                }

                seen[key] = keyLine;
                entries.Add(new PolicyMapEntry(key, keyLine, value));
                EndOfStatement(line, '}');
            }
        }

        private PolicyList ReadArrayExpression(int depth)
        {
            int line = _line;
            _pos += 2;
            var items = new List<PolicyNode>();
            while (true)
            {
                SkipSeparators();
                if (AtEnd || Current == '}' || Current == ']')
                {
                    throw Syntax(line, "Missing closing ')' of the @( ) list that starts on this line.");
                }

                if (Current == ')')
                {
                    _pos++;
                    return new PolicyList(line, items);
                }

                // @( ) enumerates what each statement gives, one level: @( a, b ), @( a <newline> b ), @( (a, b) ) and
                // @( a <newline> ,b ) all hold a and b, while @( ,(a, b) ) holds the one list (a, b).
                var node = ReadStatement(depth);
                if (node is PolicyList list)
                {
                    items.AddRange(list.Items);
                }
                else
                {
                    items.Add(node);
                }

                EndOfStatement(line, ')');
            }
        }

        private PolicyNode ReadParenthesis(int depth)
        {
            int line = _line;
            _pos++;
            SkipSpace(true);
            if (!AtEnd && Current == ')')
            {
                throw Syntax(line, "An expression was expected after '('.");
            }

            var node = ReadStatement(depth);
            SkipSpace(true);
            if (AtEnd || Current != ')')
            {
                if (!AtEnd && Current != '}' && Current != ';')
                {
                    throw Syntax(_line, $"Unexpected token '{Offending()}' in a ( ) expression.");
                }

                throw Syntax(line, "Missing closing ')' in expression.");
            }

            _pos++;
            return node;
        }

        // After a statement inside @{ } or @( ): a newline, ';' or the closing bracket; anything else is an error.
        private void EndOfStatement(int openLine, char close)
        {
            SkipSpace(false);
            if (AtEnd)
            {
                throw Syntax(openLine, close == '}'
                    ? "Missing closing '}' of the hashtable that starts on this line."
                    : "Missing closing ')' of the @( ) list that starts on this line.");
            }

            char c = Current;
            if (c == '\n' || c == '\r' || c == ';' || c == close)
            {
                return;
            }

            if (c == '}' || c == ')' || c == ']')
            {
                string found = $"found '{c}' on line {Number(_line)}";
                throw Syntax(openLine, close == '}'
                    ? $"Missing closing '}}' of the hashtable that starts on this line; {found}."
                    : $"Missing closing ')' of the @( ) list that starts on this line; {found}.");
            }

            throw Syntax(_line, $"Unexpected token '{Offending()}' in expression or statement.");
        }

        // Operators after a value ("1 + 2", "'a' -f 1", "x | y") make it an expression, not a constant.
        private void RefuseOperator()
        {
            if (AtEnd)
            {
                return;
            }

            char c = Current;
            if ("+-*/%|&!.[<>".IndexOf(c) >= 0 || c == '\u2013' || c == '\u2014')
            {
                throw NotConstant();
            }
        }

        private string ReadKey()
        {
            char c = Current;
            if (IsSingleQuote(c))
            {
                return ReadSingleQuoted();
            }

            if (IsDoubleQuote(c))
            {
                return ReadDoubleQuoted();
            }

            if (IsNumberStart(c))
            {
                return Convert.ToString(ReadNumber(false), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            int start = _pos;
            while (!AtEnd && !IsKeyEnd(Current))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw c == '=' ? Syntax(_line, "Missing key before '=' in hash literal.") : NotConstant();
            }

            string key = _text.Substring(start, _pos - start);
            if (key[0] == '$' || key[0] == '[' || key[0] == '@' || key[0] == '-')
            {
                _pos = start;
                throw NotConstant();
            }

            return key;
        }

        private static bool IsKeyEnd(char c) =>
            char.IsWhiteSpace(c) || c == '=' || c == ';' || c == '}' || c == '{' || c == '(' || c == ')' || c == ','
            || IsSingleQuote(c) || IsDoubleQuote(c) || c == '#';

        private PolicyScalar ReadVariable()
        {
            int line = _line;
            int start = _pos;
            int end = _pos + 1;
            while (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
            {
                end++;
            }

            string name = _text.Substring(start + 1, end - start - 1);
            object? value;
            switch (name.ToLowerInvariant())
            {
                case "true": value = true; break;
                case "false": value = false; break;
                case "null": value = null; break;
                default: throw NotConstant();
            }

            // $true.GetType() or $null:x are expressions, not constants.
            if (end < _text.Length && (_text[end] == '.' || _text[end] == ':' || _text[end] == '['))
            {
                throw NotConstant();
            }

            _pos = end;
            return new PolicyScalar(line, value);
        }

        private PolicyScalar ReadNegative()
        {
            int line = _line;
            int start = _pos;
            _pos++;
            SkipSpace(false);
            if (AtEnd || !IsNumberStart(Current))
            {
                _pos = start;
                throw NotConstant();
            }

            // -1 is a constant; the validator then says "not a port" rather than "not constant".
            return new PolicyScalar(line, ReadNumber(true));
        }

        private bool IsNumberStart(char c) => (c >= '0' && c <= '9') || (c == '.' && Next >= '0' && Next <= '9');

        // PowerShell number literals: 22, 1.5, 1e3, .5, 0x1F, 0b101, with a type suffix (l, d, u, ul, us, uy, y, s, n)
        // and a multiplier (kb to pb). Integers come back as long, everything else as double: the validator wants
        // whole numbers for ports and says "not a port" for the rest.
        private object ReadNumber(bool negative)
        {
            int start = _pos;
            int line = _line;
            bool hex = Current == '0' && (Next == 'x' || Next == 'X');
            bool binary = Current == '0' && (Next == 'b' || Next == 'B')
                && _pos + 2 < _text.Length && (_text[_pos + 2] == '0' || _text[_pos + 2] == '1');
            bool real = false;
            int digitsStart, digitsEnd;
            if (hex || binary)
            {
                _pos += 2;
                digitsStart = _pos;
                while (!AtEnd && (hex ? Uri.IsHexDigit(Current) : Current == '0' || Current == '1'))
                {
                    _pos++;
                }

                digitsEnd = _pos;
            }
            else
            {
                digitsStart = _pos;
                SkipDigits();
                if (!AtEnd && Current == '.' && !(Next == '.'))
                {
                    real = true;
                    _pos++;
                    SkipDigits();
                }

                if (!AtEnd && (Current == 'e' || Current == 'E')
                    && (IsDigit(Next) || ((Next == '+' || Next == '-') && _pos + 2 < _text.Length && IsDigit(_text[_pos + 2]))))
                {
                    real = true;
                    _pos += 2;
                    SkipDigits();
                }

                digitsEnd = _pos;
            }

            int suffixStart = _pos;
            while (!AtEnd && char.IsLetter(Current))
            {
                _pos++;
            }

            string token = _text.Substring(start, _pos - start);
            if (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_' || Current == '.' || Current == '-' || Current == '$'))
            {
                // "1abc-def" is a command name to PowerShell, not a number.
                _pos = start;
                throw NotConstant();
            }

            string suffix = _text.Substring(suffixStart, _pos - suffixStart).ToLowerInvariant();
            long multiplier = 1;
            foreach (var (name, factor) in Multipliers)
            {
                if (suffix.EndsWith(name, StringComparison.Ordinal))
                {
                    multiplier = factor;
                    suffix = suffix.Substring(0, suffix.Length - name.Length);
                    break;
                }
            }

            if (Array.IndexOf(TypeSuffixes, suffix) < 0 || (hex && suffix == "d") || digitsEnd == digitsStart)
            {
                _pos = start;
                throw NotConstant();
            }

            string digits = _text.Substring(digitsStart, digitsEnd - digitsStart);
            if (real || suffix == "d")
            {
                if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    throw Syntax(line, $"'{PolicyText.Quote(token)}' is not a number.");
                }

                d *= multiplier;
                return negative ? -d : d;
            }

            if (!TryWhole(digits, hex ? 16 : binary ? 2 : 10, out ulong magnitude))
            {
                if (suffix.Length > 0 || hex || binary)
                {
                    throw Syntax(line, $"'{PolicyText.Quote(token)}' is too large for its type.");
                }

                // PowerShell makes such a literal a decimal or a double; either way it is no port.
                double big = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture) * multiplier;
                return negative ? -big : big;
            }

            if (!hex && !binary && suffix.Length == 0 && magnitude > (negative ? 1UL << 63 : (ulong)long.MaxValue))
            {
                // Past a long: PowerShell makes it a decimal; either way it is no port.
                double big = (double)magnitude * multiplier;
                return negative ? -big : big;
            }

            if ((hex || binary) && suffix.Length == 0 && magnitude <= uint.MaxValue)
            {
                // 0xFFFFFFFF is -1 to PowerShell: hex and binary literals that fit 32 bits are an int's bits.
                magnitude = (ulong)(long)(int)(uint)magnitude;
            }

            if (!InRange(suffix, magnitude, negative, hex || binary) || (multiplier > 1 && magnitude > (ulong)(long.MaxValue / multiplier)))
            {
                throw Syntax(line, $"'{PolicyText.Quote(token)}' is too large for its type.");
            }

            long value = unchecked((long)magnitude) * multiplier;
            return negative ? -value : value;
        }

        private static readonly (string Name, long Factor)[] Multipliers =
        {
            ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30), ("tb", 1L << 40), ("pb", 1L << 50),
        };

        private static readonly string[] TypeSuffixes = { string.Empty, "l", "d", "u", "ul", "us", "uy", "y", "s", "n" };

        private static bool TryWhole(string digits, int radix, out ulong value)
        {
            value = 0;
            foreach (char c in digits)
            {
                ulong digit = (ulong)(c <= '9' ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
                if (value > (ulong.MaxValue - digit) / (ulong)radix)
                {
                    return false;
                }

                value = (value * (ulong)radix) + digit;
            }

            return true;
        }

        // What the type suffix can hold; bits of a hex literal may fill a long (0xFFFFFFFFFFFFFFFF is -1).
        private static bool InRange(string suffix, ulong magnitude, bool negative, bool bits)
        {
            ulong max = suffix switch
            {
                "y" => negative ? 128UL : 127UL,
                "uy" => byte.MaxValue,
                "s" => negative ? 32768UL : 32767UL,
                "us" => ushort.MaxValue,
                "u" => uint.MaxValue,
                _ => bits && !negative ? ulong.MaxValue : negative ? 1UL << 63 : (ulong)long.MaxValue,
            };
            return magnitude <= max;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private void SkipDigits()
        {
            while (!AtEnd && IsDigit(Current))
            {
                _pos++;
            }
        }

        // 'text', with '' for a quote; PowerShell also takes the typographic single quotes.
        private string ReadSingleQuoted()
        {
            int line = _line;
            _pos++;
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Syntax(line, "The string is missing the terminator: '.");
                }

                char c = Current;
                if (IsSingleQuote(c))
                {
                    _pos++;
                    if (!AtEnd && IsSingleQuote(Current))
                    {
                        text.Append(Current);
                        _pos++;
                        continue;
                    }

                    return text.ToString();
                }

                CountNewline();
                text.Append(c);
                _pos++;
            }
        }

        // "text", with `n-style escapes and "" for a quote. "$x" and "$(...)" would run code: not a constant.
        private string ReadDoubleQuoted()
        {
            int line = _line;
            _pos++;
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Syntax(line, "The string is missing the terminator: \".");
                }

                char c = Current;
                if (IsDoubleQuote(c))
                {
                    _pos++;
                    if (!AtEnd && IsDoubleQuote(Current))
                    {
                        text.Append(Current);
                        _pos++;
                        continue;
                    }

                    return text.ToString();
                }

                AppendExpandable(text, line);
            }
        }

        // @' ... '@ and @" ... "@: the text between the line after the header and the line that starts with the end.
        private string ReadHereString()
        {
            int line = _line;
            bool expandable = IsDoubleQuote(Next);
            _pos += 2;
            while (!AtEnd && Current != '\n' && Current != '\r' && char.IsWhiteSpace(Current))
            {
                _pos++;
            }

            if (AtEnd || (Current != '\n' && Current != '\r'))
            {
                throw Syntax(line, "No characters are allowed after a here-string header but before the end of the line.");
            }

            SkipNewline();
            var text = new StringBuilder();
            bool lineStart = true;
            while (true)
            {
                if (AtEnd)
                {
                    throw Syntax(line, "The here-string that starts on this line is missing its terminator ('@ or \"@ at the start of a line).");
                }

                char c = Current;
                if (lineStart && Next == '@' && (expandable ? IsDoubleQuote(c) : IsSingleQuote(c)))
                {
                    // The newline before the terminator is not part of the text.
                    _pos += 2;
                    int cut = text.Length > 0 && text[text.Length - 1] == '\n' ? 1 : 0;
                    cut += text.Length > cut && text[text.Length - 1 - cut] == '\r' ? 1 : 0;
                    return text.ToString(0, text.Length - cut);
                }

                lineStart = c == '\n' || (c == '\r' && Next != '\n');
                if (expandable)
                {
                    AppendExpandable(text, line);
                }
                else
                {
                    CountNewline();
                    text.Append(c);
                    _pos++;
                }
            }
        }

        private void AppendExpandable(StringBuilder text, int line)
        {
            char c = Current;
            if (c == '`')
            {
                _pos++;
                if (AtEnd)
                {
                    throw Syntax(line, "The string is missing the terminator: \".");
                }

                AppendEscape(text);
                return;
            }

            if (c == '$' && _pos + 1 < _text.Length && IsExpansionStart(_text[_pos + 1]))
            {
                throw new PolicyException(ErrorCatalogue.PolicyNotConstant, _file, _line, null,
                    $"{ConstantsOnly}; '{Offending()}' in double quotes expands a variable or runs code: use single quotes for text with $.");
            }

            CountNewline();
            text.Append(c);
            _pos++;
        }

        private static bool IsExpansionStart(char c) =>
            char.IsLetterOrDigit(c) || c == '_' || c == '{' || c == '(' || c == '?' || c == '^' || c == '$' || c == ':';

        private void AppendEscape(StringBuilder text)
        {
            char e = Current;
            _pos++;
            switch (e)
            {
                case '0': text.Append('\0'); return;
                case 'a': text.Append('\a'); return;
                case 'b': text.Append('\b'); return;
                case 'e': text.Append('\u001b'); return;
                case 'f': text.Append('\f'); return;
                case 'n': text.Append('\n'); return;
                case 'r': text.Append('\r'); return;
                case 't': text.Append('\t'); return;
                case 'v': text.Append('\v'); return;
                case 'u' when !AtEnd && Current == '{':
                    int close = _text.IndexOf('}', _pos);
                    string hex = close < 0 || close - _pos - 1 > 6 ? string.Empty : _text.Substring(_pos + 1, close - _pos - 1);
                    if (hex.Length == 0 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                    {
                        throw Syntax(_line, "`u{...} needs one to six hex digits naming a Unicode character.");
                    }

                    text.Append(char.ConvertFromUtf32(code));
                    _pos = close + 1;
                    return;
                default:
                    // `" is a quote, `` a backtick; before a newline it is that newline.
                    _pos--;
                    CountNewline();
                    text.Append(e);
                    _pos++;
                    return;
            }
        }

        // Spaces, comments and line continuations; newlines too when they cannot end a statement here.
        private void SkipSpace(bool newlines)
        {
            while (!AtEnd)
            {
                char c = Current;
                if (c == '\n' || c == '\r')
                {
                    if (!newlines)
                    {
                        return;
                    }

                    SkipNewline();
                }
                else if (char.IsWhiteSpace(c))
                {
                    _pos++;
                }
                else if (c == '`' && NewlineLength(_pos + 1) > 0)
                {
                    _pos++;
                    SkipNewline();
                }
                else if (c == '#')
                {
                    SkipLineComment();
                }
                else if (c == '<' && Next == '#')
                {
                    SkipBlockComment();
                }
                else
                {
                    return;
                }
            }
        }

        // Between statements: newlines and ';' as well.
        private void SkipSeparators()
        {
            while (true)
            {
                SkipSpace(true);
                if (AtEnd || Current != ';')
                {
                    return;
                }

                _pos++;
            }
        }

        private void SkipLineComment()
        {
            const string Requires = "#requires";
            if (string.Compare(_text, _pos, Requires, 0, Requires.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_pos + Requires.Length == _text.Length || char.IsWhiteSpace(_text[_pos + Requires.Length])))
            {
                throw new PolicyException(ErrorCatalogue.PolicyNotConstant, _file, _line, null,
                    "#requires is not allowed: a policy file is one hashtable of constants, and nothing is loaded or checked on its behalf.");
            }

            while (!AtEnd && Current != '\n' && Current != '\r')
            {
                _pos++;
            }
        }

        private void SkipBlockComment()
        {
            int line = _line;
            int close = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Syntax(line, "The <# comment that starts on this line is missing its #> terminator.");
            }

            while (_pos < close)
            {
                CountNewline();
                _pos++;
            }

            _pos = close + 2;
        }

        private int NewlineLength(int at)
        {
            if (at >= _text.Length)
            {
                return 0;
            }

            if (_text[at] == '\r')
            {
                return at + 1 < _text.Length && _text[at + 1] == '\n' ? 2 : 1;
            }

            return _text[at] == '\n' ? 1 : 0;
        }

        private void SkipNewline()
        {
            int length = NewlineLength(_pos);
            if (length > 0)
            {
                _pos += length;
                _line++;
            }
        }

        // Called with _pos on a character about to be consumed one by one: counts '\n', and '\r' not before '\n'.
        private void CountNewline()
        {
            char c = Current;
            if (c == '\n' || (c == '\r' && Next != '\n'))
            {
                _line++;
            }
        }

        private static bool IsSingleQuote(char c) => c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';

        private static bool IsDoubleQuote(char c) => c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';

        private bool IsKeyword() => Array.IndexOf(StatementKeywords, Word()) >= 0;

        // The bare word at the current position, lower-cased: "using" in "using module x".
        private string Word()
        {
            int end = _pos;
            while (end < _text.Length && end - _pos < 20 && (char.IsLetter(_text[end]) || _text[end] == '-'))
            {
                end++;
            }

            return _text.Substring(_pos, end - _pos).ToLowerInvariant();
        }

        private PolicyException NotConstant()
        {
            string found = Offending();
            string word = Word();
            if (Array.IndexOf(StatementKeywords, word) >= 0)
            {
                return new PolicyException(ErrorCatalogue.PolicyNotConstant, _file, _line, null,
                    $"'{word}' is not allowed: a policy file is one hashtable of constants, and nothing is loaded or run on its behalf.");
            }

            return new PolicyException(ErrorCatalogue.PolicyNotConstant, _file, _line, null, $"{ConstantsOnly}, not '{found}'.");
        }

        // The token at the current position, for a message: up to the next space or bracket, quoted safely.
        private string Offending()
        {
            int end = _pos;
            while (end < _text.Length && end - _pos < PolicyText.MaxQuoted && _text[end] != '\n' && _text[end] != '\r'
                && (end == _pos || (!char.IsWhiteSpace(_text[end]) && ")};,|".IndexOf(_text[end]) < 0)))
            {
                end++;
            }

            return AtEnd ? "the end of the file" : PolicyText.Quote(_text.Substring(_pos, end - _pos));
        }

        private PolicyException Syntax(int line, string detail) =>
            new PolicyException(ErrorCatalogue.PolicySyntaxError, _file, line, null, detail);
    }
}
