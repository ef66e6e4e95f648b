using System;
using System.Collections.Generic;

namespace LoopbackTools.Classification
{
    /// <summary>
    /// A wildcard pattern (*, ?, [a-z] classes; case-insensitive) compiled once and matched in one pass over the text.
    /// The pattern becomes an automaton with one state per element, run with one bit per state (the shift-and method):
    /// every text character costs the same few word operations whatever the pattern, so matching is linear in the
    /// text. Backtracking matchers are quadratic on texts such as a long command line against '*a*a*b', and testing a
    /// character against a 16k-character class one member at a time was 0.3 s a match; classes here are sorted,
    /// merged ranges searched in O(log n), and masks for ASCII are computed once per pattern.
    /// </summary>
    internal sealed class WildcardProgram
    {
        private const int AsciiCount = 128;

        private readonly int _elements;
        private readonly int _words;
        private readonly ulong[] _loops;
        private readonly ulong[] _any;
        // Row c (128 rows of _words words, one allocation): the elements that accept the upper-cased ASCII character c.
        private readonly ulong[] _ascii;
        private readonly Dictionary<char, ulong[]> _otherLiterals;
        private readonly CharClass[] _classes;

        private WildcardProgram(int elements, bool[] loopAt, List<Element> parsed)
        {
            _elements = elements;
            _words = (elements + 1 + 63) / 64;
            _loops = new ulong[_words];
            _any = new ulong[_words];
            _otherLiterals = new Dictionary<char, ulong[]>();
            var classes = new List<CharClass>();
            for (int state = 0; state <= elements; state++)
            {
                if (loopAt[state])
                {
                    Set(_loops, state);
                }
            }

            _ascii = new ulong[AsciiCount * _words];
            for (int i = 0; i < parsed.Count; i++)
            {
                var element = parsed[i];
                if (element.Class != null)
                {
                    classes.Add(new CharClass(i, element.Class));
                }
                else if (element.AnyChar)
                {
                    Set(_any, i);
                }
                else if (element.Literal < AsciiCount)
                {
                    Set(_ascii, (element.Literal * _words * 64) + i);
                }
                else
                {
                    if (!_otherLiterals.TryGetValue(element.Literal, out var mask))
                    {
                        _otherLiterals[element.Literal] = mask = new ulong[_words];
                    }

                    Set(mask, i);
                }
            }

            _classes = classes.ToArray();
            for (int c = 0; c < AsciiCount; c++)
            {
                for (int w = 0; w < _words; w++)
                {
                    _ascii[(c * _words) + w] |= _any[w];
                }

                foreach (var cls in _classes)
                {
                    if (cls.Contains((char)c))
                    {
                        Set(_ascii, (c * _words * 64) + cls.Element);
                    }
                }
            }
        }

        /// <summary>
        /// Compiles a pattern. An unclosed '[' is taken literally here; callers refuse such patterns with a message
        /// first (<see cref="ProcessPattern.Problem"/>), so a bad pattern in a policy fails validation, not a match.
        /// </summary>
        public static WildcardProgram Compile(string pattern)
        {
            var parsed = new List<Element>(pattern.Length);
            var loopAt = new List<bool> { false };
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*')
                {
                    // Consecutive stars are one star: a self-loop on the state before the next element.
                    loopAt[parsed.Count] = true;
                    continue;
                }

                int close = c == '[' ? pattern.IndexOf(']', i + 1) : -1;
                if (close > 0)
                {
                    parsed.Add(new Element { Class = Ranges(pattern, i + 1, close) });
                    i = close;
                }
                else
                {
                    parsed.Add(c == '?' ? new Element { AnyChar = true } : new Element { Literal = char.ToUpperInvariant(c) });
                }

                loopAt.Add(false);
            }

            return new WildcardProgram(parsed.Count, loopAt.ToArray(), parsed);
        }

        public bool IsMatch(string text) => _words == 1 ? MatchOneWord(text) : MatchManyWords(text);

        private bool MatchOneWord(string text)
        {
            ulong loops = _loops[0];
            ulong active = 1;
            Dictionary<char, ulong[]>? seen = null;
            foreach (char c in text)
            {
                char upper = char.ToUpperInvariant(c);
                ulong mask = upper < AsciiCount ? _ascii[upper] : MaskOf(upper, ref seen)[0];
                active = ((active & mask) << 1) | (active & loops);
                if (active == 0)
                {
                    return false;
                }
            }

            return (active & (1UL << _elements)) != 0;
        }

        private bool MatchManyWords(string text)
        {
            var active = new ulong[_words];
            var next = new ulong[_words];
            active[0] = 1;
            Dictionary<char, ulong[]>? seen = null;
            foreach (char c in text)
            {
                char upper = char.ToUpperInvariant(c);
                ulong[] mask = upper < AsciiCount ? _ascii : MaskOf(upper, ref seen);
                int row = upper < AsciiCount ? upper * _words : 0;
                ulong carry = 0;
                ulong any = 0;
                for (int w = 0; w < _words; w++)
                {
                    ulong advanced = active[w] & mask[row + w];
                    next[w] = (advanced << 1) | carry | (active[w] & _loops[w]);
                    carry = advanced >> 63;
                    any |= next[w];
                }

                if (any == 0)
                {
                    return false;
                }

                (active, next) = (next, active);
            }

            return (active[_elements / 64] & (1UL << (_elements % 64))) != 0;
        }

        // Which elements accept the (upper-cased) character. Outside ASCII the mask is built once per character seen
        // in this text, so a hostile text of many distinct characters costs classes x distinct characters at most.
        private ulong[] MaskOf(char upper, ref Dictionary<char, ulong[]>? seen)
        {
            seen ??= new Dictionary<char, ulong[]>();
            if (seen.TryGetValue(upper, out var known))
            {
                return known;
            }

            var mask = (ulong[])_any.Clone();
            if (_otherLiterals.TryGetValue(upper, out var literal))
            {
                Or(mask, literal);
            }

            foreach (var cls in _classes)
            {
                if (cls.Contains(upper))
                {
                    Set(mask, cls.Element);
                }
            }

            seen[upper] = mask;
            return mask;
        }

        // "a-zA-Z_" between the brackets: single characters and lo-hi ranges, compared upper-cased.
        private static List<(char Low, char High)> Ranges(string pattern, int start, int end)
        {
            var ranges = new List<(char, char)>();
            for (int i = start; i < end; i++)
            {
                char low = char.ToUpperInvariant(pattern[i]);
                char high = low;
                if (i + 2 < end && pattern[i + 1] == '-')
                {
                    high = char.ToUpperInvariant(pattern[i + 2]);
                    i += 2;
                }

                if (low <= high)
                {
                    ranges.Add((low, high));
                }
            }

            return ranges;
        }

        private static void Set(ulong[] bits, int index) => bits[index / 64] |= 1UL << (index % 64);

        private static void Or(ulong[] into, ulong[] from)
        {
            for (int i = 0; i < into.Length; i++)
            {
                into[i] |= from[i];
            }
        }

        private struct Element
        {
            public char Literal;
            public bool AnyChar;
            public List<(char Low, char High)>? Class;
        }

        /// <summary>A [...] class as sorted, non-overlapping ranges.</summary>
        private sealed class CharClass
        {
            private readonly char[] _low;
            private readonly char[] _high;

            public CharClass(int element, List<(char Low, char High)> ranges)
            {
                Element = element;
                ranges.Sort((a, b) => a.Low.CompareTo(b.Low));
                var merged = new List<(char Low, char High)>(ranges.Count);
                foreach (var range in ranges)
                {
                    if (merged.Count > 0 && range.Low <= merged[merged.Count - 1].High + 1)
                    {
                        var last = merged[merged.Count - 1];
                        merged[merged.Count - 1] = (last.Low, (char)Math.Max(last.High, range.High));
                    }
                    else
                    {
                        merged.Add(range);
                    }
                }

                _low = new char[merged.Count];
                _high = new char[merged.Count];
                for (int i = 0; i < merged.Count; i++)
                {
                    _low[i] = merged[i].Low;
                    _high[i] = merged[i].High;
                }
            }

            public int Element { get; }

            public bool Contains(char c)
            {
                // The last range starting at or below c is the only one that can hold it.
                int lo = 0, hi = _low.Length - 1, found = -1;
                while (lo <= hi)
                {
                    int mid = lo + ((hi - lo) / 2);
                    if (_low[mid] <= c)
                    {
                        found = mid;
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid - 1;
                    }
                }

                return found >= 0 && c <= _high[found];
            }
        }
    }
}
