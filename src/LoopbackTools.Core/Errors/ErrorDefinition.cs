namespace LoopbackTools.Errors
{
    /// <summary>One error the module can report: its stable ErrorId, its category, and what it means.</summary>
    internal sealed class ErrorDefinition
    {
        internal ErrorDefinition(string id, ErrorKind kind, string meaning)
        {
            Id = id;
            Kind = kind;
            Meaning = meaning;
        }

        /// <summary>The ErrorId scripts match on (the first part of FullyQualifiedErrorId). Never changes once released.</summary>
        public string Id { get; }

        public ErrorKind Kind { get; }

        /// <summary>One sentence for about_LoopbackTools: when the error happens.</summary>
        public string Meaning { get; }

        public override string ToString() => Id;
    }
}
