using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>One "### TypeName" of ## INPUTS or ## OUTPUTS with the text under it.</summary>
    internal sealed class TypeHelp
    {
        public TypeHelp(string typeName, IReadOnlyList<Prose> description)
        {
            TypeName = typeName;
            Description = description;
        }

        public string TypeName { get; }

        public IReadOnlyList<Prose> Description { get; }
    }
}
