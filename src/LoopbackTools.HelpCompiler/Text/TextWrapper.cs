using System.Collections.Generic;
using System.Text;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Greedy word wrap for the plain-text about topic. Get-Help prints about_*.help.txt as it is, so the
    /// file itself must fit an 80-column console.
    /// </summary>
    internal static class TextWrapper
    {
        /// <summary>
        /// Wraps <paramref name="text"/> to lines of at most <paramref name="width"/> characters, the first
        /// prefixed by <paramref name="firstIndent"/> and the rest by <paramref name="restIndent"/>. A word longer
        /// than a line gets a line of its own rather than being broken (URLs must stay whole to be clicked).
        /// </summary>
        public static IReadOnlyList<string> Wrap(string text, string firstIndent, string restIndent, int width)
        {
            var lines = new List<string>();
            var line = new StringBuilder(firstIndent);
            bool lineHasWord = false;
            foreach (string word in text.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries))
            {
                if (lineHasWord && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(restIndent);
                    lineHasWord = false;
                }

                if (lineHasWord)
                {
                    line.Append(' ');
                }

                line.Append(word);
                lineHasWord = true;
            }

            if (lineHasWord)
            {
                lines.Add(line.ToString());
            }

            return lines;
        }
    }
}
