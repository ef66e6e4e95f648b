using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>Everything one cmdlet markdown file says, checked and ready to write as MAML.</summary>
    internal sealed class CommandHelp
    {
        public CommandHelp(
            string name,
            string externalHelpFile,
            IReadOnlyList<Prose> synopsis,
            IReadOnlyList<Prose> description,
            IReadOnlyList<SyntaxSet> syntaxSets,
            IReadOnlyList<ParameterHelp> parameters,
            IReadOnlyList<ExampleHelp> examples,
            IReadOnlyList<TypeHelp> inputs,
            IReadOnlyList<TypeHelp> outputs,
            IReadOnlyList<Prose> notes,
            IReadOnlyList<RelatedLink> relatedLinks)
        {
            Name = name;
            ExternalHelpFile = externalHelpFile;
            Synopsis = synopsis;
            Description = description;
            SyntaxSets = syntaxSets;
            Parameters = parameters;
            Examples = examples;
            Inputs = inputs;
            Outputs = outputs;
            Notes = notes;
            RelatedLinks = relatedLinks;
        }

        /// <summary>Verb-Noun.</summary>
        public string Name { get; }

        public string Verb => Name.Substring(0, Name.IndexOf('-'));

        public string Noun => Name.Substring(Name.IndexOf('-') + 1);

        /// <summary>The MAML file this command's help goes to (front matter "external help file").</summary>
        public string ExternalHelpFile { get; }

        public IReadOnlyList<Prose> Synopsis { get; }

        public IReadOnlyList<Prose> Description { get; }

        public IReadOnlyList<SyntaxSet> SyntaxSets { get; }

        public IReadOnlyList<ParameterHelp> Parameters { get; }

        public IReadOnlyList<ExampleHelp> Examples { get; }

        public IReadOnlyList<TypeHelp> Inputs { get; }

        public IReadOnlyList<TypeHelp> Outputs { get; }

        public IReadOnlyList<Prose> Notes { get; }

        public IReadOnlyList<RelatedLink> RelatedLinks { get; }
    }
}
