using System.Collections.Generic;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A heading with the blocks under it and its sub-headings: platyPS's schema is a fixed tree of
    /// "# Name / ## SECTION / ### item", so readers walk this tree rather than Markdig's flat list of blocks.
    /// </summary>
    internal sealed class Section
    {
        public Section(HeadingBlock? heading, string title)
        {
            Heading = heading;
            Title = title;
        }

        /// <summary>Null for the root, which holds whatever precedes the first heading.</summary>
        public HeadingBlock? Heading { get; }

        public int Level => Heading?.Level ?? 0;

        public string Title { get; }

        public int Line => Heading?.FileLine() ?? 1;

        /// <summary>Blocks between this heading and the next heading of any level.</summary>
        public List<Block> Body { get; } = new List<Block>();

        public List<Section> Children { get; } = new List<Section>();

        /// <summary>Every block under this heading, sub-headings included, in file order.</summary>
        public IEnumerable<Block> AllBlocks()
        {
            foreach (Block block in Body)
            {
                yield return block;
            }

            foreach (Section child in Children)
            {
                if (child.Heading != null)
                {
                    yield return child.Heading;
                }

                foreach (Block block in child.AllBlocks())
                {
                    yield return block;
                }
            }
        }

        /// <summary>Nests the page's headings by level: a heading closes every open heading of its level or deeper.</summary>
        public static Section BuildTree(MarkdownPage page)
        {
            var root = new Section(null, string.Empty);
            var open = new Stack<Section>();
            open.Push(root);
            foreach (Block block in page.Document)
            {
                if (block is YamlFrontMatterBlock)
                {
                    continue;
                }

                if (block is HeadingBlock heading)
                {
                    while (open.Peek().Level >= heading.Level)
                    {
                        open.Pop();
                    }

                    var section = new Section(heading, page.HeadingText(heading));
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
