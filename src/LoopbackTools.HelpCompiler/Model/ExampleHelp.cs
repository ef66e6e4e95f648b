using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>One "### Example N: title": the first code block is the example's code, the rest its remarks.</summary>
    internal sealed class ExampleHelp
    {
        public ExampleHelp(string title, string code, IReadOnlyList<Prose> remarks)
        {
            Title = title;
            Code = code;
            Remarks = remarks;
        }

        public string Title { get; }

        public string Code { get; }

        public IReadOnlyList<Prose> Remarks { get; }
    }
}
