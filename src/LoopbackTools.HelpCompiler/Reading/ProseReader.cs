using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Turns markdown blocks into prose units: paragraphs are joined into one line (markdown line breaks are
    /// soft, and Get-Help re-wraps to the console width), list items become one unit each, and code and
    /// tables stay verbatim.
    /// </summary>
    internal static class ProseReader
    {
        private static readonly Regex ListMarker = new Regex(@"^\s{0,3}([-*+]|\d{1,9}[.)])\s+\S", RegexOptions.CultureInvariant);

        public static IReadOnlyList<Prose> Read(IEnumerable<MarkdownBlock> blocks)
        {
            var prose = new List<Prose>();
            foreach (MarkdownBlock block in blocks)
            {
                switch (block)
                {
                    case ParagraphBlock paragraph:
                        AddParagraph(paragraph, prose);
                        break;
                    case CodeBlock code:
                        prose.Add(new Prose(ProseKind.Verbatim, string.Join("\n", code.Lines), code.Line + 1));
                        break;
                    case HeadingBlock heading:
                        prose.Add(new Prose(ProseKind.Heading, heading.Text, heading.Line));
                        break;
                }
            }

            return prose;
        }

        private static void AddParagraph(ParagraphBlock paragraph, List<Prose> prose)
        {
            if (IsTable(paragraph))
            {
                prose.Add(new Prose(ProseKind.Verbatim, string.Join("\n", paragraph.Lines), paragraph.Line));
                return;
            }

            ProseKind kind = ProseKind.Text;
            string? current = null;
            int currentLine = paragraph.Line;
            for (int i = 0; i < paragraph.Lines.Count; i++)
            {
                string line = paragraph.Lines[i];
                if (ListMarker.IsMatch(line))
                {
                    if (current != null)
                    {
                        prose.Add(new Prose(kind, current, currentLine));
                    }

                    kind = ProseKind.ListItem;
                    current = line.Trim();
                    currentLine = paragraph.Line + i;
                }
                else
                {
                    // Markdown's lazy continuation: a plain line continues the item or paragraph above it.
                    current = current == null ? line.Trim() : current + " " + line.Trim();
                }
            }

            if (current != null)
            {
                prose.Add(new Prose(kind, current, currentLine));
            }
        }

        private static bool IsTable(ParagraphBlock paragraph)
        {
            foreach (string line in paragraph.Lines)
            {
                if (!line.TrimStart().StartsWith("|", System.StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
