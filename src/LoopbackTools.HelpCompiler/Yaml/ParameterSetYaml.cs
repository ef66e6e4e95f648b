using System.ComponentModel;
using System.Linq;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>One item of a parameter's ParameterSets list, as typed.</summary>
    [Description("ParameterSets")]
    internal sealed class ParameterSetYaml
    {
        public YamlValue? Name { get; set; }

        public YamlValue? Position { get; set; }

        public YamlValue? IsRequired { get; set; }

        public YamlValue? ValueFromPipeline { get; set; }

        public YamlValue? ValueFromPipelineByPropertyName { get; set; }

        public YamlValue? ValueFromRemainingArguments { get; set; }

        /// <summary>The item's first line ("- Name: ByName"): every key holds a scalar, so it is the first key's line.</summary>
        public int LineOr(int fallback) =>
            new[] { Name, Position, IsRequired, ValueFromPipeline, ValueFromPipelineByPropertyName, ValueFromRemainingArguments }
                .Where(v => v != null)
                .Select(v => v!.Line)
                .DefaultIfEmpty(fallback)
                .Min();
    }
}
