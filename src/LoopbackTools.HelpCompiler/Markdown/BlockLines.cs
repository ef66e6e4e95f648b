using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>Markdig counts lines from 0; messages name them from 1, as editors do.</summary>
    internal static class BlockLines
    {
        /// <summary>1-based line where the block starts.</summary>
        public static int FileLine(this Block block) => block.Line + 1;
    }
}
