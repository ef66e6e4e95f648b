using System.Collections.Generic;
using System.Linq;
using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Turns markdown blocks into prose units: paragraphs are joined into one line (markdown line breaks are
    /// soft, and Get-Help re-wraps to the console width), list items become one unit each, and code and
    /// tables stay verbatim.
    /// </summary>
    internal static class ProseReader
    {
        public static IReadOnlyList<Prose> Read(MarkdownPage page, IEnumerable<Block> blocks)
        {
            var prose = new List<Prose>();
            foreach (Block block in blocks)
            {
                Add(page, block, prose);
            }

            return prose;
        }

        private static void Add(MarkdownPage page, Block block, List<Prose> prose)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    prose.Add(new Prose(ProseKind.Heading, page.HeadingText(heading), heading.FileLine()));
                    break;
                case FencedCodeBlock fence:
                    prose.Add(new Prose(ProseKind.Verbatim, string.Join("\n", MarkdownPage.CodeLines(fence)), fence.FileLine() + 1));
                    break;
                case CodeBlock indented:
                    prose.Add(new Prose(ProseKind.Verbatim, string.Join("\n", MarkdownPage.CodeLines(indented)), indented.FileLine()));
                    break;
                case ListBlock list:
                    foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                    {
                        AddListItem(page, item, prose);
                    }

                    break;
                default:
                    // Paragraphs, and anything else (a table, a quote, HTML) as the text typed.
                    AddText(page, block, prose);
                    break;
            }
        }

        /// <summary>The item's first paragraph keeps its marker as typed ("- ", "1. "): the writers hang the rest under it.</summary>
        private static void AddListItem(MarkdownPage page, ListItemBlock item, List<Prose> prose)
        {
            for (int i = 0; i < item.Count; i++)
            {
                if (i == 0 && item[i] is ParagraphBlock first)
                {
                    prose.Add(new Prose(ProseKind.ListItem, JoinTrimmed(page.SourceLines(first)), first.FileLine()));
                }
                else
                {
                    Add(page, item[i], prose);
                }
            }
        }

        private static void AddText(MarkdownPage page, Block block, List<Prose> prose)
        {
            IReadOnlyList<string> lines = page.SourceLines(block);
            bool isTable = lines.All(l => l.TrimStart().StartsWith("|", System.StringComparison.Ordinal));
            prose.Add(isTable
                ? new Prose(ProseKind.Verbatim, string.Join("\n", lines), block.FileLine())
                : new Prose(ProseKind.Text, JoinTrimmed(lines), block.FileLine()));
        }

        private static string JoinTrimmed(IEnumerable<string> lines) => string.Join(" ", lines.Select(l => l.Trim()).Where(l => l.Length > 0));
    }
}
