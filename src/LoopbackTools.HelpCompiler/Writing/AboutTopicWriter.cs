using System.Collections.Generic;
using System.Text;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Renders an about topic in the classic about_*.help.txt layout: upper-case headings at column 1, text
    /// indented four spaces and wrapped at 80 columns, code indented eight and kept line for line.
    /// </summary>
    internal static class AboutTopicWriter
    {
        public const int Width = 80;

        /// <summary>Code is not wrapped (a broken command line would not run), so readers check it fits after this indent.</summary>
        public const string CodeIndent = "        ";

        private const string TextIndent = "    ";
        private const string SubheadingIndent = "  ";

        public static string Write(AboutTopic topic)
        {
            var lines = new List<string> { "TOPIC", TextIndent + topic.Name };
            foreach (AboutSection section in topic.Sections)
            {
                lines.Add(string.Empty);
                lines.Add(section.Title.ToUpperInvariant());
                Prose? previous = null;
                foreach (Prose prose in section.Content)
                {
                    // A blank line between units, except inside a list and right under a sub-heading,
                    // which would otherwise float away from the text it heads.
                    bool sameList = previous?.Kind == ProseKind.ListItem && prose.Kind == ProseKind.ListItem;
                    if (previous != null && !sameList && previous.Kind != ProseKind.Heading)
                    {
                        lines.Add(string.Empty);
                    }

                    previous = prose;
                    AddProse(prose, lines);
                }
            }

            var text = new StringBuilder();
            foreach (string line in lines)
            {
                // LF everywhere: the file is generated, and the same bytes on every OS keep the golden test honest.
                text.Append(line.TrimEnd()).Append('\n');
            }

            return text.ToString();
        }

        private static void AddProse(Prose prose, List<string> lines)
        {
            switch (prose.Kind)
            {
                case ProseKind.Verbatim:
                    foreach (string line in prose.Text.Split('\n'))
                    {
                        lines.Add(line.Length == 0 ? string.Empty : CodeIndent + line);
                    }

                    break;
                case ProseKind.Heading:
                    lines.Add(SubheadingIndent + prose.Text);
                    break;
                case ProseKind.ListItem:
                    // Hanging indent: continuation lines start under the item's text, not under its marker.
                    int marker = prose.Text.IndexOf(' ');
                    lines.AddRange(TextWrapper.Wrap(prose.Text, TextIndent, TextIndent + new string(' ', marker + 1), Width));
                    break;
                default:
                    lines.AddRange(TextWrapper.Wrap(prose.Text, TextIndent, TextIndent, Width));
                    break;
            }
        }
    }
}
