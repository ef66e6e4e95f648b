using System;
using System.IO;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// The characters <see cref="PolicyJsonReader"/> reads, by absolute position: a whole string (a policy), or a
    /// window over a <see cref="TextReader"/> that the reader lets go of behind itself (<see cref="Release"/>), so a
    /// 50 MB baseline is read one row at a time and never held as one string. Callers look ahead only as far as they
    /// have checked with <see cref="Has"/>.
    /// </summary>
    internal sealed class JsonText
    {
        private const int ChunkSize = 16 * 1024;
        private readonly TextReader? _reader;
        private char[] _buffer;
        private int _start;     // absolute position of _buffer[0]
        private int _count;     // characters held, from _start
        private int _released;  // absolute position before which nothing is needed any more
        private bool _ended;

        public JsonText(string text)
        {
            _buffer = text.ToCharArray();
            _count = _buffer.Length;
            _ended = true;
        }

        public JsonText(TextReader reader)
        {
            _reader = reader;
            _buffer = new char[ChunkSize];
        }

        public char this[int index] => _buffer[index - _start];

        /// <summary>Whether there is a character at this position; reads on from the stream as far as needed.</summary>
        public bool Has(int index)
        {
            while (index >= _start + _count)
            {
                if (_ended || !Fill())
                {
                    return false;
                }
            }

            return index >= _start;
        }

        /// <summary>Whether the text at this position is this word (false near the end, rather than an exception).</summary>
        public bool Matches(int index, string word)
        {
            if (!Has(index + word.Length - 1))
            {
                return false;
            }

            for (int k = 0; k < word.Length; k++)
            {
                if (this[index + k] != word[k])
                {
                    return false;
                }
            }

            return true;
        }

        public string Substring(int start, int length) => new string(_buffer, start - _start, length);

        /// <summary>
        /// The position of the next occurrence of value at or after start, or -1; reads on as far as needed. Ordinal
        /// only (the end of a /* comment is all the reader looks for); the parameter keeps string's signature.
        /// </summary>
        public int IndexOf(string value, int start, StringComparison comparison)
        {
            if (comparison != StringComparison.Ordinal)
            {
                throw new ArgumentException("Only ordinal search is supported.", nameof(comparison));
            }

            for (int i = start; Has(i + value.Length - 1); i++)
            {
                if (Matches(i, value))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Nothing before this position will be asked for again (a baseline row has been read).</summary>
        public void Release(int index) => _released = Math.Max(_released, index);

        private bool Fill()
        {
            int free = _buffer.Length - _count;
            int drop = Math.Min(_released - _start, _count);
            if (free < ChunkSize / 2 && drop > 0)
            {
                Array.Copy(_buffer, drop, _buffer, 0, _count - drop);
                _start += drop;
                _count -= drop;
                free += drop;
            }

            if (free < ChunkSize / 2)
            {
                // One value (a row) longer than the window: grow it, as a string of that length would have.
                Array.Resize(ref _buffer, _buffer.Length * 2);
                free = _buffer.Length - _count;
            }

            if (int.MaxValue - (_start + _count) < free)
            {
                throw new InvalidDataException("The JSON text is longer than 2 GB.");
            }

            int read = _reader!.Read(_buffer, _count, free);
            if (read <= 0)
            {
                _ended = true;
                return false;
            }

            _count += read;
            return true;
        }
    }
}
