using System.Collections.Generic;
using System.ComponentModel;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>The ```yaml block under "### -Name" (platyPS schema 2024-05-01), as typed; ParameterBlockReader checks it.</summary>
    [Description("the yaml block")]
    internal sealed class ParameterYaml
    {
        public YamlValue? Type { get; set; }

        public YamlValue? DefaultValue { get; set; }

        public YamlValue? SupportsWildcards { get; set; }

        /// <summary>Written by platyPS; Get-Help takes the value's name from Type.</summary>
        public YamlValue? ParameterValue { get; set; }

        public YamlValue? Aliases { get; set; }

        public List<ParameterSetYaml>? ParameterSets { get; set; }

        public YamlValue? DontShow { get; set; }

        public YamlValue? AcceptedValues { get; set; }

        /// <summary>Written by platyPS; MAML has no place for it.</summary>
        public YamlValue? HelpMessage { get; set; }
    }
}
