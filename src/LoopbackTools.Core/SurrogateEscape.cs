using System.Text;

namespace LoopbackTools
{
    /// <summary>
    /// Decodes bytes the kernel hands over as UTF-8 without losing the ones that are not: each invalid byte becomes the
    /// lone surrogate U+DC00 + byte (Python's "surrogateescape"), so the raw value survives in the property and views show
    /// it as \xNN (<see cref="TerminalText"/>). A process name is cut by the kernel at 15 bytes, often inside a
    /// character; decoding with replacement would turn that byte into U+FFFD and lose it.
    /// </summary>
    internal static class SurrogateEscape
    {
        /// <summary>The text of a one-line kernel file (/proc/&lt;pid&gt;/comm): one trailing newline dropped; null stays null.</summary>
        public static string? DecodeLine(byte[]? bytes)
        {
            if (bytes == null)
            {
                return null;
            }

            int count = bytes.Length;
            if (count > 0 && bytes[count - 1] == (byte)'\n')
            {
                count--;
            }

            return Decode(bytes, 0, count);
        }

        public static string Decode(byte[] bytes, int offset, int count)
        {
            var sb = new StringBuilder(count);
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                byte b = bytes[i];
                if (b < 0x80)
                {
                    sb.Append((char)b);
                    i++;
                    continue;
                }

                int length = SequenceLength(bytes, i, end);
                if (length == 0)
                {
                    sb.Append((char)(0xDC00 + b));
                    i++;
                    continue;
                }

                int codePoint = b & (0xFF >> (length + 1));
                for (int k = 1; k < length; k++)
                {
                    codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
                }

                if (codePoint >= 0x10000)
                {
                    codePoint -= 0x10000;
                    sb.Append((char)(0xD800 + (codePoint >> 10))).Append((char)(0xDC00 + (codePoint & 0x3FF)));
                }
                else
                {
                    sb.Append((char)codePoint);
                }

                i += length;
            }

            return sb.ToString();
        }

        /// <summary>True for a char that stands for one undecodable byte: a low surrogate U+DC80..U+DCFF with no high surrogate before it.</summary>
        public static bool IsEscapedByte(string text, int index) =>
            text[index] >= '\uDC80' && text[index] <= '\uDCFF' && (index == 0 || !char.IsHighSurrogate(text[index - 1]));

        /// <summary>The length of a well-formed UTF-8 sequence at <paramref name="i"/> (RFC 3629: no overlongs, no surrogates), or 0.</summary>
        private static int SequenceLength(byte[] bytes, int i, int end)
        {
            byte b = bytes[i];
            int length;
            byte low = 0x80, high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                length = 2;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                length = 3;
                low = b == 0xE0 ? (byte)0xA0 : (byte)0x80;
                high = b == 0xED ? (byte)0x9F : (byte)0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                length = 4;
                low = b == 0xF0 ? (byte)0x90 : (byte)0x80;
                high = b == 0xF4 ? (byte)0x8F : (byte)0xBF;
            }
            else
            {
                return 0;
            }

            if (end - i < length || bytes[i + 1] < low || bytes[i + 1] > high)
            {
                return 0;
            }

            for (int k = 2; k < length; k++)
            {
                if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF)
                {
                    return 0;
                }
            }

            return length;
        }
    }
}
