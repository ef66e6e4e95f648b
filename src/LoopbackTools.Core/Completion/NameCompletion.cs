using System;
using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Completion
{
    /// <summary>
    /// Which names tab completion offers for what was typed, and the text it inserts. Process names are chosen by
    /// whoever starts a process, so the inserted text must stay one harmless argument: names with control
    /// characters are not offered, wildcard characters become '?' (the pattern still matches the name), and
    /// anything PowerShell would read as syntax is single-quoted.
    /// </summary>
    internal static class NameCompletion
    {
        public static IReadOnlyList<(string Name, string Text)> Complete(IEnumerable<string?> names, string? typed)
        {
            string prefix = Unquote(typed ?? string.Empty);
            var pattern = WildcardProgram.Compile(prefix + "*");
            var seen = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                if (string.IsNullOrEmpty(name) || HasControl(name!) || !pattern.IsMatch(name!))
                {
                    continue;
                }

                seen.Add(name!);
            }

            var result = new List<(string, string)>(seen.Count);
            foreach (var name in seen)
            {
                result.Add((name, ArgumentText(name)));
            }

            return result;
        }

        /// <summary>The name as one PowerShell argument that, used as a -ProcessName pattern, matches it.</summary>
        internal static string ArgumentText(string name)
        {
            var chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '[' || chars[i] == ']' || chars[i] == '*' || chars[i] == '?')
                {
                    chars[i] = '?';
                }
            }

            return QuotedArgument(new string(chars));
        }

        /// <summary>The text as one PowerShell argument: single-quoted when PowerShell would read any of it as syntax.</summary>
        internal static string QuotedArgument(string value)
        {
            var text = new System.Text.StringBuilder(value.Length + 2);
            bool quote = false;
            foreach (char c in value)
            {
                quote |= char.IsWhiteSpace(c) || "'\"`$;,(){}@#|&<>".IndexOf(c) >= 0 || c == '\u2018' || c == '\u2019';
                text.Append(c == '\'' || c == '\u2018' || c == '\u2019' ? new string(c, 2) : c.ToString());
            }

            return quote || text.Length == 0 || text[0] == '-' ? "'" + text + "'" : text.ToString();
        }

        private static string Unquote(string typed)
        {
            string s = typed.Trim();
            return s.Length > 0 && (s[0] == '\'' || s[0] == '"') ? s.Trim(s[0]) : s;
        }

        /// <summary>Control and bidirectional-override characters: such a name is never inserted into a command line.</summary>
        internal static bool HasControl(string name)
        {
            foreach (char c in name)
            {
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
