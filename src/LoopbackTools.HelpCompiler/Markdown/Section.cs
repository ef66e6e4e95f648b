using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A heading with the blocks under it and its sub-headings: platyPS's schema is a fixed tree of
    /// "# Name / ## SECTION / ### item", so readers walk this tree rather than a flat block list.
    /// </summary>
    internal sealed class Section
    {
        public Section(HeadingBlock? heading)
        {
            Heading = heading;
        }

        /// <summary>Null for the root, which holds whatever precedes the first heading.</summary>
        public HeadingBlock? Heading { get; }

        public int Level => Heading?.Level ?? 0;

        public string Title => Heading?.Text ?? string.Empty;

        public int Line => Heading?.Line ?? 1;

        /// <summary>Blocks between this heading and the next heading of any level.</summary>
        public List<MarkdownBlock> Body { get; } = new List<MarkdownBlock>();

        public List<Section> Children { get; } = new List<Section>();

        /// <summary>Every block under this heading, sub-headings included, in file order.</summary>
        public IEnumerable<MarkdownBlock> AllBlocks()
        {
            foreach (MarkdownBlock block in Body)
            {
                yield return block;
            }

            foreach (Section child in Children)
            {
                if (child.Heading != null)
                {
                    yield return child.Heading;
                }

                foreach (MarkdownBlock block in child.AllBlocks())
                {
                    yield return block;
                }
            }
        }

        /// <summary>Nests headings by level: a heading closes every open heading of its level or deeper.</summary>
        public static Section BuildTree(IEnumerable<MarkdownBlock> blocks)
        {
            var root = new Section(null);
            var open = new Stack<Section>();
            open.Push(root);
            foreach (MarkdownBlock block in blocks)
            {
                if (block is HeadingBlock heading)
                {
                    while (open.Peek().Level >= heading.Level)
                    {
                        open.Pop();
                    }

                    var section = new Section(heading);
                    open.Peek().Children.Add(section);
                    open.Push(section);
                }
                else
                {
                    open.Peek().Body.Add(block);
                }
            }

            return root;
        }
    }
}
