using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// One "### SetName" of ## SYNTAX. The parameter order of its code block is kept because it is the order
    /// Get-Command -Syntax printed, and so the order an author expects Get-Help to show.
    /// </summary>
    internal sealed class SyntaxSet
    {
        public SyntaxSet(string name, bool isDefault, int line, IReadOnlyList<string> parameterOrder)
        {
            Name = name;
            IsDefault = isDefault;
            Line = line;
            ParameterOrder = parameterOrder;
        }

        public string Name { get; }

        /// <summary>Marked "(Default)" in the heading.</summary>
        public bool IsDefault { get; }

        public int Line { get; }

        /// <summary>Parameter names (no dash) in the order the syntax block lists them.</summary>
        public IReadOnlyList<string> ParameterOrder { get; }
    }
}
