using System;
using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>One "### -Name" entry of ## PARAMETERS: its prose and the facts from its yaml block.</summary>
    internal sealed class ParameterHelp
    {
        public ParameterHelp(
            string name,
            int line,
            IReadOnlyList<Prose> description,
            string typeName,
            string defaultValue,
            bool supportsWildcards,
            IReadOnlyList<string> aliases,
            IReadOnlyList<ParameterSetEntry> parameterSets,
            bool dontShow,
            IReadOnlyList<string> acceptedValues)
        {
            Name = name;
            Line = line;
            Description = description;
            TypeName = typeName;
            DefaultValue = defaultValue;
            SupportsWildcards = supportsWildcards;
            Aliases = aliases;
            ParameterSets = parameterSets;
            DontShow = dontShow;
            AcceptedValues = acceptedValues;
        }

        /// <summary>The name without the leading dash.</summary>
        public string Name { get; }

        public int Line { get; }

        public IReadOnlyList<Prose> Description { get; }

        public string TypeName { get; }

        public string DefaultValue { get; }

        public bool SupportsWildcards { get; }

        public IReadOnlyList<string> Aliases { get; }

        public IReadOnlyList<ParameterSetEntry> ParameterSets { get; }

        public bool DontShow { get; }

        public IReadOnlyList<string> AcceptedValues { get; }

        /// <summary>A switch takes no value, so MAML gives it no command:parameterValue (Get-Help shows "[-All]").</summary>
        public bool IsSwitch =>
            string.Equals(TypeName, "System.Management.Automation.SwitchParameter", StringComparison.OrdinalIgnoreCase)
            || string.Equals(TypeName, "SwitchParameter", StringComparison.OrdinalIgnoreCase)
            || string.Equals(TypeName, "switch", StringComparison.OrdinalIgnoreCase);

        /// <summary>The entry for a set: one naming the set wins over "(All)"; null when not in that set.</summary>
        public ParameterSetEntry? EntryFor(string setName)
        {
            ParameterSetEntry? all = null;
            foreach (ParameterSetEntry entry in ParameterSets)
            {
                if (string.Equals(entry.Name, setName, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }

                if (entry.IsAllSets)
                {
                    all = entry;
                }
            }

            return all;
        }
    }
}
