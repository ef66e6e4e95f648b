using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Ranges
{
    /// <summary>Text an OS file or command printed, quoted in a warning: trimmed, control characters escaped, one line.</summary>
    internal static class OsText
    {
        /// <summary>Bad entries described one by one; past these, one more warning counts the rest.</summary>
        public const int MaxProblems = 3;

        public static string Shown(string text) => TerminalText.Quote(text.Trim(), 40);

        /// <summary>"... lists 1234 more entries like these": a flood of bad entries is one warning, not a warning each.</summary>
        public static void More(ICollection<string>? problems, int refused, string source)
        {
            if (problems != null && refused > MaxProblems)
            {
                problems.Add($"{source} {(refused - MaxProblems).ToString(CultureInfo.InvariantCulture)} more entries like these, also not used.");
            }
        }
    }
}
