using System;
using System.Text;

namespace LoopbackTools.Errors
{
    /// <summary>
    /// An exception's message fit to quote inside one of ours: its first paragraph, without the stack trace some
    /// libraries embed in their messages, without control characters, and without its final full stop (so that
    /// "...: access denied." never becomes "...: access denied..").
    /// </summary>
    internal static class ExceptionText
    {
        private const int MaxLength = 300;

        public static string Clause(Exception e) => Clause(e.Message);

        public static string Clause(string? message)
        {
            string text = message ?? string.Empty;
            int trace = text.IndexOf("   at ", StringComparison.Ordinal);
            if (trace >= 0)
            {
                text = text.Substring(0, trace);
            }

            var flat = new StringBuilder(Math.Min(text.Length, MaxLength + 3));
            bool space = false;
            foreach (char c in text)
            {
                if (flat.Length >= MaxLength)
                {
                    flat.Append("...");
                    break;
                }

                if (char.IsWhiteSpace(c))
                {
                    space = flat.Length > 0;
                    continue;
                }

                if (space)
                {
                    flat.Append(' ');
                    space = false;
                }

                flat.Append(c);
            }

            string result = TerminalText.Escape(flat.ToString())!.TrimEnd('.', ' ');
            return result.Length == 0 ? "no reason given" : result;
        }
    }
}
