using System;
using System.Collections.Generic;
using System.Text;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Finds JSON objects stored whole inside a database file. Podman keeps each container's configuration as one JSON
    /// value in its state database (bolt_state.db; BoltDB stores a value in one run of bytes, in a page or in
    /// consecutive overflow pages), so the object starting at a known prefix can be cut out by matching braces and
    /// parsed. A candidate that does not parse is skipped: the bytes around it belong to the database, not to us.
    /// </summary>
    internal static class EmbeddedJson
    {
        /// <summary>The balanced JSON objects that start with <paramref name="prefix"/>, each at most <paramref name="maxLength"/> bytes.</summary>
        public static IEnumerable<string> Objects(byte[] data, string prefix, int maxLength)
        {
            byte[] marker = Encoding.ASCII.GetBytes(prefix);
            int at = 0;
            while ((at = IndexOf(data, marker, at)) >= 0)
            {
                int end = MatchingBrace(data, at, maxLength);
                if (end > at)
                {
                    string? text = Decode(data, at, end - at + 1);
                    if (text != null)
                    {
                        yield return text;
                    }

                    at = end + 1;
                }
                else
                {
                    at += marker.Length;
                }
            }
        }

        private static string? Decode(byte[] data, int offset, int count)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(data, offset, count);
            }
            catch (ArgumentException)
            {
                return null; // not valid UTF-8: not a JSON value
            }
        }

        /// <summary>The index of the brace closing the object that opens at <paramref name="start"/>; -1 when none within reach.</summary>
        internal static int MatchingBrace(byte[] data, int start, int maxLength)
        {
            int depth = 0;
            bool inString = false;
            bool escaped = false;
            int limit = Math.Min(data.Length, start + maxLength);
            for (int i = start; i < limit; i++)
            {
                byte c = data[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == (byte)'\\')
                    {
                        escaped = true;
                    }
                    else if (c == (byte)'"')
                    {
                        inString = false;
                    }
                    else if (c < 0x20)
                    {
                        return -1; // JSON strings hold no raw control bytes: this is not one value
                    }

                    continue;
                }

                switch (c)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{':
                    case (byte)'[':
                        depth++;
                        break;
                    case (byte)'}':
                    case (byte)']':
                        if (--depth == 0)
                        {
                            return c == (byte)'}' ? i : -1;
                        }

                        if (depth < 0)
                        {
                            return -1;
                        }

                        break;
                    case 0:
                        return -1; // a NUL outside a string: the value ended before its braces did
                }
            }

            return -1;
        }

        private static int IndexOf(byte[] data, byte[] marker, int from)
        {
            for (int i = from; i <= data.Length - marker.Length; i++)
            {
                if (data[i] != marker[0])
                {
                    continue;
                }

                int j = 1;
                while (j < marker.Length && data[i + j] == marker[j])
                {
                    j++;
                }

                if (j == marker.Length)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
