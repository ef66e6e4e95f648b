using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Splits markdown lines into blocks. Fences are recognised first because PowerShell examples are full of
    /// "# comment" lines that would otherwise read as headings.
    /// </summary>
    internal static class MarkdownBlockReader
    {
        private static readonly Regex Heading = new Regex(@"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$", RegexOptions.CultureInvariant);
        private static readonly Regex Fence = new Regex(@"^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$", RegexOptions.CultureInvariant);

        /// <summary>Reads blocks from line index <paramref name="start"/> (0-based) to the end of the file.</summary>
        public static IReadOnlyList<MarkdownBlock> Read(SourceFile file, int start)
        {
            var blocks = new List<MarkdownBlock>();
            List<string>? paragraph = null;
            int paragraphLine = 0;

            void EndParagraph()
            {
                if (paragraph != null)
                {
                    blocks.Add(new ParagraphBlock(paragraphLine, paragraph));
                    paragraph = null;
                }
            }

            for (int i = start; i < file.Lines.Count; i++)
            {
                string line = file.Lines[i];
                Match fence = Fence.Match(line);
                if (fence.Success)
                {
                    EndParagraph();
                    i = ReadFence(file, i, fence.Groups[1].Value, fence.Groups[2].Value, blocks);
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    EndParagraph();
                    continue;
                }

                Match heading = Heading.Match(line);
                if (heading.Success)
                {
                    EndParagraph();
                    blocks.Add(new HeadingBlock(i + 1, heading.Groups[1].Value.Length, heading.Groups[2].Value));
                    continue;
                }

                if (paragraph == null)
                {
                    paragraph = new List<string>();
                    paragraphLine = i + 1;
                }

                paragraph.Add(line.TrimEnd());
            }

            EndParagraph();
            return blocks;
        }

        /// <summary>Reads a fenced block opened at <paramref name="open"/>; returns the index of its closing line.</summary>
        private static int ReadFence(SourceFile file, int open, string marker, string info, List<MarkdownBlock> blocks)
        {
            var lines = new List<string>();
            for (int i = open + 1; i < file.Lines.Count; i++)
            {
                string trimmed = file.Lines[i].Trim();

                // CommonMark: the closing fence uses the same character, at least as many times, and nothing else.
                if (trimmed.Length >= marker.Length && trimmed.Trim(marker[0]).Length == 0)
                {
                    blocks.Add(new CodeBlock(open + 1, info, lines, open + 1));
                    return i;
                }

                lines.Add(file.Lines[i].TrimEnd());
            }

            throw file.ErrorAtIndex(open, "code block is never closed (missing closing " + marker + ")");
        }
    }
}
