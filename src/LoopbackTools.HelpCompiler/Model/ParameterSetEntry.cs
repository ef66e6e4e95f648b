namespace LoopbackTools.HelpCompiler
{
    /// <summary>How one parameter behaves in one parameter set (one item of the yaml block's ParameterSets).</summary>
    internal sealed class ParameterSetEntry
    {
        /// <summary>platyPS's name for "every set of the cmdlet".</summary>
        public const string AllSets = "(All)";

        public ParameterSetEntry(string name, int? position, bool isRequired, bool valueFromPipeline, bool valueFromPipelineByPropertyName,
            bool valueFromRemainingArguments, int line)
        {
            Name = name;
            Position = position;
            IsRequired = isRequired;
            ValueFromPipeline = valueFromPipeline;
            ValueFromPipelineByPropertyName = valueFromPipelineByPropertyName;
            ValueFromRemainingArguments = valueFromRemainingArguments;
            Line = line;
        }

        public string Name { get; }

        /// <summary>Null for a named (non-positional) parameter.</summary>
        public int? Position { get; }

        public bool IsRequired { get; }

        public bool ValueFromPipeline { get; }

        public bool ValueFromPipelineByPropertyName { get; }

        public bool ValueFromRemainingArguments { get; }

        public int Line { get; }

        public bool IsAllSets => Name == AllSets;
    }
}
