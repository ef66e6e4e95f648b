using System;
using System.Collections.Generic;
using System.Linq;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A markdown file parsed by Markdig. Markdig decides what is a heading, a paragraph, a list or a code fence
    /// (CommonMark); the text of a block is then read from the file as typed, because Get-Help shows plain text
    /// and platyPS-style docs read fine with their backticks and brackets.
    /// </summary>
    internal sealed class MarkdownPage
    {
        // Precise source locations give every inline a span, so that a heading's text can be read as typed.
        private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .UsePreciseSourceLocation()
            .Build();

        private readonly string _text;

        private MarkdownPage(SourceFile file, string text, MarkdownDocument document)
        {
            File = file;
            _text = text;
            Document = document;
        }

        public SourceFile File { get; }

        public MarkdownDocument Document { get; }

        /// <summary>The front matter block, when the file starts with a closed '---' block.</summary>
        public YamlFrontMatterBlock? FrontMatterBlock => Document.Count > 0 ? Document[0] as YamlFrontMatterBlock : null;

        /// <summary>Parses the file; an unclosed code fence is an error, as it would swallow the rest of the page.</summary>
        public static MarkdownPage Parse(SourceFile file)
        {
            string text = string.Join("\n", file.Lines);
            var page = new MarkdownPage(file, text, Markdown.Parse(text, Pipeline));
            FencedCodeBlock? open = page.Document.Descendants<FencedCodeBlock>().FirstOrDefault(f => f.ClosingFencedCharCount == 0);
            if (open != null)
            {
                string fence = new string(open.FencedChar, open.OpeningFencedCharCount);
                throw file.ErrorAtLine(open.FileLine(), $"code block is never closed (missing closing {fence})");
            }

            return page;
        }

        /// <summary>0-based index of the last line a block spans.</summary>
        public int LastLineIndex(Block block) =>
            block.Line + _text.AsSpan(block.Span.Start, Math.Max(0, block.Span.Length)).Count('\n');

        /// <summary>The whole lines a block spans (list markers included), trailing spaces removed.</summary>
        public IReadOnlyList<string> SourceLines(Block block)
        {
            var lines = new List<string>();
            for (int i = block.Line; i <= LastLineIndex(block); i++)
            {
                lines.Add(File.Lines[i].TrimEnd());
            }

            return lines;
        }

        /// <summary>A heading's text as typed, without the '#' marks around it.</summary>
        public string HeadingText(HeadingBlock heading)
        {
            if (heading.Inline?.FirstChild == null || heading.Inline.LastChild == null)
            {
                return string.Empty;
            }

            int start = heading.Inline.FirstChild.Span.Start;
            return _text.Substring(start, heading.Inline.LastChild.Span.End - start + 1);
        }

        /// <summary>The content lines of a code block (fenced or indented), trailing spaces removed.</summary>
        public static IReadOnlyList<string> CodeLines(CodeBlock code) =>
            Enumerable.Range(0, code.Lines.Count).Select(i => code.Lines.Lines[i].Slice.ToString().TrimEnd()).ToList();
    }
}
