using System;
using System.Globalization;
using System.Text;

namespace LoopbackTools
{
    /// <summary>
    /// Makes untrusted text (process names, command lines, paths of other users' processes) safe to print:
    /// control characters become visible escapes, so an ESC sequence cannot move the cursor, recolour or hide
    /// rows in our views. Raw properties (ProcessName, CommandLine, ProcessPath) keep the raw text for scripts; views
    /// escape them, and every text the module composes (messages, explanations, warnings, errors) is escaped where it
    /// quotes such a value.
    /// </summary>
    public static class TerminalText
    {
        public static string? Escape(string? text)
        {
            if (text == null || !NeedsEscaping(text))
            {
                return text;
            }

            var sb = new StringBuilder(text.Length + 16);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (SurrogateEscape.IsEscapedByte(text, i))
                {
                    // A byte that was not UTF-8 (a name the kernel cut mid-character), kept raw in the property.
                    sb.Append("\\x").Append((c - 0xDC00).ToString("x2", CultureInfo.InvariantCulture));
                }
                else if (IsControl(c))
                {
                    sb.Append(c <= 0xFF ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture)
                        : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// Text quoted in a message we compose: cut to <paramref name="max"/> characters, the last three "..." when it
        /// was longer, then escaped, so a megabyte of hostile text still gives a one-line quote.
        /// </summary>
        internal static string Quote(string text, int max) =>
            Escape(text.Length > max ? text.Substring(0, max - 3) + "..." : text)!;

        /// <summary>
        /// Escapes <paramref name="text"/> and breaks it into lines of at most <paramref name="width"/> characters at
        /// spaces (a word longer than a line is cut), for the views that print a message on lines of its own: the
        /// console breaks long lines anywhere, even inside a word. Lines are joined with "\n"; null stays null.
        /// </summary>
        public static string? Wrap(string? text, int width)
        {
            string? escaped = Escape(text);
            if (escaped == null || width < 1 || escaped.Length <= width)
            {
                return escaped;
            }

            var sb = new StringBuilder(escaped.Length + (escaped.Length / width) + 1);
            int lineLength = 0;
            foreach (string word in escaped.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string rest = word;
                if (lineLength > 0 && lineLength + 1 + rest.Length <= width)
                {
                    sb.Append(' ').Append(rest);
                    lineLength += 1 + rest.Length;
                    continue;
                }

                if (lineLength > 0)
                {
                    sb.Append('\n');
                }

                while (rest.Length > width)
                {
                    sb.Append(rest, 0, width).Append('\n');
                    rest = rest.Substring(width);
                }

                sb.Append(rest);
                lineLength = rest.Length;
            }

            return sb.ToString();
        }

        private static bool NeedsEscaping(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (IsControl(text[i]) || SurrogateEscape.IsEscapedByte(text, i))
                {
                    return true;
                }
            }

            return false;
        }

        // C0, DEL and C1 (0x9B is a one-byte CSI on some terminals), plus the bidi overrides that reorder what is shown.
        private static bool IsControl(char c) =>
            c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
