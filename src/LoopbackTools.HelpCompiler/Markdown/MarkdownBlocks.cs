using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// The block structure of a platyPS markdown file: headings, paragraphs and fenced code. Inline markup is
    /// kept as typed; Get-Help shows plain text and platyPS-style docs read fine with their backticks.
    /// </summary>
    internal abstract class MarkdownBlock
    {
        protected MarkdownBlock(int line)
        {
            Line = line;
        }

        /// <summary>1-based line where the block starts.</summary>
        public int Line { get; }
    }

    internal sealed class HeadingBlock : MarkdownBlock
    {
        public HeadingBlock(int line, int level, string text)
            : base(line)
        {
            Level = level;
            Text = text;
        }

        public int Level { get; }

        public string Text { get; }
    }

    internal sealed class ParagraphBlock : MarkdownBlock
    {
        public ParagraphBlock(int line, IReadOnlyList<string> lines)
            : base(line)
        {
            Lines = lines;
        }

        /// <summary>The paragraph's lines as typed (trailing spaces removed).</summary>
        public IReadOnlyList<string> Lines { get; }
    }

    internal sealed class CodeBlock : MarkdownBlock
    {
        public CodeBlock(int line, string info, IReadOnlyList<string> lines, int firstContentIndex)
            : base(line)
        {
            Info = info;
            Lines = lines;
            FirstContentIndex = firstContentIndex;
        }

        /// <summary>The fence's info string, e.g. "powershell", "yaml" or "" for a bare fence.</summary>
        public string Info { get; }

        public IReadOnlyList<string> Lines { get; }

        /// <summary>0-based index of the first content line, so the YAML reader reports file line numbers.</summary>
        public int FirstContentIndex { get; }
    }
}
