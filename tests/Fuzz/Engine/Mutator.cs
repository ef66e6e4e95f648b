using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// Makes the next input from the corpus: a seed changed by one to four mutations (truncation, bit flips, NULs,
    /// invalid UTF-8, huge repeated runs, deep nesting, interesting numbers and tokens, splices), or now and then
    /// random bytes. Deterministic for a given random seed, so a run can be repeated.
    /// </summary>
    internal sealed class Mutator
    {
        private static readonly string[] Numbers =
        {
            "0", "-1", "1", "65535", "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
            "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e309", "-0", "1.", "01", "0x7FFFFFFF",
            "NaN", "1e-400", "00000000000000000000000000001", "99999999999999999999999999999999",
        };

        private static readonly string[] GenericTokens =
        {
            "\0", "\u001b[2J", "\n", "\r\n", "\r", "\t", "\"", "'", "[", "]", "{", "}", "(", ")", "*", "?", ",", ":", ";", "#",
            "\\", "%", "$", "`", "-", "..", "\u202e", "\ufeff", "\u00a0", "\u2028", "\ud83d\ude00",
        };

        private static readonly byte[][] InvalidUtf8 =
        {
            new byte[] { 0xC3, 0x28 }, new byte[] { 0xFF }, new byte[] { 0xFE }, new byte[] { 0xED, 0xA0, 0x80 },
            new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0xC0, 0xAF }, new byte[] { 0xE2, 0x82 }, new byte[] { 0x80 },
        };

        private static readonly uint[] Words = { 0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 16, 20, 72 };

        private readonly Random _random;
        private readonly int _maxSize;

        public Mutator(int seed, int maxSize)
        {
            _random = new Random(seed);
            _maxSize = maxSize;
        }

        public FuzzInput Next(IReadOnlyList<FuzzInput> seeds, FuzzTarget target)
        {
            if (seeds.Count == 0 || _random.Next(16) == 0)
            {
                return RandomInput(target);
            }

            var seed = seeds[_random.Next(seeds.Count)];
            byte[] data = seed.Data;
            var applied = new List<string>();
            int count = 1 + _random.Next(4);
            for (int i = 0; i < count; i++)
            {
                var (name, mutated) = Mutate(data, seeds, target);
                data = mutated.Length > _maxSize ? mutated.Take(_maxSize).ToArray() : mutated;
                applied.Add(name);
            }

            return new FuzzInput(data, seed.Extension, $"{seed.Origin} + {string.Join(", ", applied)}");
        }

        private FuzzInput RandomInput(FuzzTarget target)
        {
            string extension = target.Extensions[_random.Next(target.Extensions.Count)];
            int length = Length();
            var data = new byte[length];
            if (target.Binary || _random.Next(2) == 0)
            {
                _random.NextBytes(data);
                return new FuzzInput(data, extension, $"{length} random bytes");
            }

            // Random text from the target's own words: more of it reaches past the first check than random bytes.
            var text = new StringBuilder();
            var words = target.Tokens.Concat(GenericTokens).Concat(Numbers).ToList();
            while (text.Length < length)
            {
                text.Append(words[_random.Next(words.Count)]).Append(_random.Next(4) == 0 ? " " : string.Empty);
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
            byte[] cut = bytes.Length > _maxSize ? bytes.Take(_maxSize).ToArray() : bytes;
            return new FuzzInput(cut, extension, $"{length} characters of random tokens");
        }

        // Mostly small inputs, now and then up to the limit: the sizes where quadratic costs show.
        private int Length()
        {
            int scale = _random.Next(10);
            int top = scale switch { 0 => 16, 1 => 16, 2 => 256, 3 => 256, 4 => 4096, 5 => 4096, 6 => 65536, 7 => 65536, 8 => 262144, _ => _maxSize };
            return 1 + _random.Next(Math.Min(top, _maxSize));
        }

        private (string Name, byte[] Data) Mutate(byte[] data, IReadOnlyList<FuzzInput> seeds, FuzzTarget target)
        {
            int choice = _random.Next(target.Binary ? 9 : 13);
            switch (choice)
            {
                case 0:
                    return ("truncate", data.Take(data.Length == 0 ? 0 : _random.Next(data.Length)).ToArray());
                case 1:
                    return ("bit flips", FlipBits(data));
                case 2:
                    return ("NULs", Insert(data, new byte[1 + _random.Next(16)]));
                case 3:
                    return ("repeated run", Repeat(data));
                case 4:
                    return ("splice", Splice(data, seeds[_random.Next(seeds.Count)].Data));
                case 5:
                    return ("delete", Delete(data));
                case 6:
                    return ("random bytes", Insert(data, RandomBytes(1 + _random.Next(8))));
                case 7 when target.Binary:
                    return ("interesting word", Word(data));
                case 8 when target.Binary:
                    return ("duplicated block", DuplicateBlock(data));
                case 7:
                    return ("invalid UTF-8", Insert(data, InvalidUtf8[_random.Next(InvalidUtf8.Length)]));
                case 8:
                    return ("deep nesting", Nest(data, target));
                case 9:
                    return ("token", Insert(data, Encoding.UTF8.GetBytes(Token(target))));
                case 10:
                    return ("number", ReplaceNumber(data));
                case 11:
                    return ("repeated line", RepeatLine(data));
                default:
                    return ("UTF-16 with a lone surrogate", Utf16(data));
            }
        }

        private string Token(FuzzTarget target)
        {
            int pick = _random.Next(target.Tokens.Count + GenericTokens.Length + Numbers.Length);
            return pick < target.Tokens.Count ? target.Tokens[pick]
                : pick < target.Tokens.Count + GenericTokens.Length ? GenericTokens[pick - target.Tokens.Count]
                : Numbers[pick - target.Tokens.Count - GenericTokens.Length];
        }

        private byte[] FlipBits(byte[] data)
        {
            var copy = (byte[])data.Clone();
            for (int i = 0, n = 1 + _random.Next(8); i < n && copy.Length > 0; i++)
            {
                copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
            }

            return copy;
        }

        private byte[] Insert(byte[] data, byte[] piece) => Join(data, _random.Next(data.Length + 1), piece, data, -1);

        // data[..cut] + piece + tail[from..] (from -1: tail continues at cut), with block copies: inputs reach a megabyte.
        private static byte[] Join(byte[] data, int cut, byte[] piece, byte[] tail, int from)
        {
            int start = from < 0 ? cut : from;
            var result = new byte[cut + piece.Length + (tail.Length - start)];
            Buffer.BlockCopy(data, 0, result, 0, cut);
            Buffer.BlockCopy(piece, 0, result, cut, piece.Length);
            Buffer.BlockCopy(tail, start, result, cut + piece.Length, tail.Length - start);
            return result;
        }

        private byte[] Delete(byte[] data)
        {
            if (data.Length == 0)
            {
                return data;
            }

            int at = _random.Next(data.Length);
            int length = 1 + _random.Next(Math.Min(64, data.Length - at));
            return Join(data, at, Array.Empty<byte>(), data, at + length);
        }

        private byte[] RandomBytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }

        private byte[] Splice(byte[] data, byte[] other)
        {
            int cut = _random.Next(data.Length + 1);
            int from = _random.Next(other.Length + 1);
            return Join(data, cut, Array.Empty<byte>(), other, from);
        }

        // A slice repeated to a large size: huge strings, lines, lists and length fields.
        private byte[] Repeat(byte[] data)
        {
            if (data.Length == 0)
            {
                return data;
            }

            int at = _random.Next(data.Length);
            byte[] slice = data.Skip(at).Take(1 + _random.Next(Math.Min(64, data.Length - at))).ToArray();
            int times = Math.Max(1, (Length() - data.Length) / slice.Length);
            var run = new byte[slice.Length * times];
            for (int i = 0; i < times; i++)
            {
                Buffer.BlockCopy(slice, 0, run, i * slice.Length, slice.Length);
            }

            return Insert(data, run);
        }

        private byte[] RepeatLine(byte[] data)
        {
            string text = Encoding.UTF8.GetString(data);
            var lines = text.Split('\n');
            string line = lines[_random.Next(lines.Length)] + "\n";
            int times = Math.Max(1, Length() / Math.Max(1, line.Length));
            return Insert(data, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, times))));
        }

        private byte[] Nest(byte[] data, FuzzTarget target)
        {
            var (open, close) = target.Nesting[_random.Next(target.Nesting.Count)];
            int depth = new[] { 10, 65, 100, 1000, 10000, 100000 }[_random.Next(6)];
            depth = Math.Max(1, Math.Min(depth, _maxSize / Math.Max(1, open.Length + close.Length)));
            string opens = string.Concat(Enumerable.Repeat(open, depth));
            string closes = _random.Next(4) == 0 ? string.Empty : string.Concat(Enumerable.Repeat(close, depth));
            string inner = _random.Next(2) == 0 ? "1" : string.Empty;
            return Insert(data, Encoding.UTF8.GetBytes(opens + inner + closes));
        }

        private byte[] ReplaceNumber(byte[] data)
        {
            var starts = new List<int>();
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] >= '0' && data[i] <= '9' && (i == 0 || data[i - 1] < '0' || data[i - 1] > '9'))
                {
                    starts.Add(i);
                }
            }

            string number = Numbers[_random.Next(Numbers.Length)];
            if (starts.Count == 0)
            {
                return Insert(data, Encoding.UTF8.GetBytes(number));
            }

            int at = starts[_random.Next(starts.Count)];
            int end = at;
            while (end < data.Length && data[end] >= '0' && data[end] <= '9')
            {
                end++;
            }

            return Join(data, at, Encoding.UTF8.GetBytes(number), data, end);
        }

        // The same text as UTF-16 (with its byte order mark), and one unpaired surrogate somewhere in it.
        private byte[] Utf16(byte[] data)
        {
            string text = Encoding.UTF8.GetString(data);
            int at = _random.Next(text.Length + 1);
            char lone = _random.Next(2) == 0 ? '\ud800' : '\udfff';
            string changed = text.Substring(0, at) + lone + text.Substring(at);
            var bytes = new byte[2 + (changed.Length * 2)];
            bytes[0] = 0xFF;
            bytes[1] = 0xFE;
            for (int i = 0; i < changed.Length; i++)
            {
                bytes[2 + (2 * i)] = (byte)changed[i];
                bytes[3 + (2 * i)] = (byte)(changed[i] >> 8);
            }

            return bytes;
        }

        private byte[] Word(byte[] data)
        {
            if (data.Length < 4)
            {
                return data;
            }

            var copy = (byte[])data.Clone();
            int at = _random.Next(data.Length / 4) * 4;
            uint word = _random.Next(3) == 0 ? (uint)data.Length + (uint)_random.Next(-2, 3) : Words[_random.Next(Words.Length)];
            if (at + 4 <= copy.Length)
            {
                BitConverter.GetBytes(word).CopyTo(copy, at);
            }

            return copy;
        }

        private byte[] DuplicateBlock(byte[] data)
        {
            if (data.Length == 0)
            {
                return data;
            }

            int at = _random.Next(data.Length);
            byte[] block = data.Skip(at).Take(1 + _random.Next(Math.Min(128, data.Length - at))).ToArray();
            int times = 1 + _random.Next(new[] { 2, 16, 1024 }[_random.Next(3)]);
            return Insert(data, Enumerable.Repeat(block, times).SelectMany(b => b).ToArray());
        }
    }
}
