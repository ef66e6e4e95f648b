using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads the ```yaml block under "### -Name" (platyPS schema 2024-05-01). Unknown keys are errors: a typo
    /// such as "IsRequried" would otherwise drop a fact from Get-Help without anyone noticing.
    /// </summary>
    internal static class ParameterBlockReader
    {
        private static readonly HashSet<string> ParameterKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "Type", "DefaultValue", "SupportsWildcards", "ParameterValue", "Aliases", "ParameterSets",
            "DontShow", "AcceptedValues", "HelpMessage",
        };

        private static readonly HashSet<string> SetKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "Name", "Position", "IsRequired", "ValueFromPipeline", "ValueFromPipelineByPropertyName", "ValueFromRemainingArguments",
        };

        public static ParameterHelp Read(SourceFile file, string name, int headingLine, IReadOnlyList<Prose> description, CodeBlock yaml)
        {
            YamlMap map = YamlSubsetReader.ReadMapping(file, yaml.FirstContentIndex, yaml.FirstContentIndex + yaml.Lines.Count);
            foreach (KeyValuePair<string, YamlNode> entry in map.Entries)
            {
                if (!ParameterKeys.Contains(entry.Key))
                {
                    throw file.ErrorAtLine(map.KeyLine(entry.Key), $"unknown key '{entry.Key}' in the yaml block of -{name}");
                }
            }

            string typeName = RequiredScalar(file, map, "Type", name, yaml.Line);
            string defaultValue = OptionalScalar(file, map, "DefaultValue", name) ?? "None";
            if (defaultValue.Length == 0)
            {
                defaultValue = "None";
            }

            bool supportsWildcards = OptionalBool(file, map, "SupportsWildcards", name);
            bool dontShow = OptionalBool(file, map, "DontShow", name);
            IReadOnlyList<string> aliases = ReadAliases(file, map, name);
            IReadOnlyList<string> acceptedValues = ScalarList(file, map, "AcceptedValues", name);
            IReadOnlyList<ParameterSetEntry> sets = ReadSets(file, map, name, yaml.Line);

            return new ParameterHelp(name, headingLine, description, typeName, defaultValue, supportsWildcards, aliases, sets, dontShow, acceptedValues);
        }

        private static IReadOnlyList<ParameterSetEntry> ReadSets(SourceFile file, YamlMap map, string name, int yamlLine)
        {
            YamlNode? node = map.Get("ParameterSets");
            if (node == null)
            {
                throw file.ErrorAtLine(yamlLine, $"the yaml block of -{name} has no ParameterSets");
            }

            if (!(node is YamlList list) || list.Items.Count == 0)
            {
                throw file.ErrorAtLine(map.KeyLine("ParameterSets"), $"ParameterSets of -{name} must be a list of sets (Name, Position, IsRequired, ...)");
            }

            var sets = new List<ParameterSetEntry>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (YamlNode item in list.Items)
            {
                if (!(item is YamlMap set))
                {
                    throw file.ErrorAtLine(item.Line, $"each ParameterSets item of -{name} must be a mapping with Name, Position and IsRequired");
                }

                foreach (KeyValuePair<string, YamlNode> entry in set.Entries)
                {
                    if (!SetKeys.Contains(entry.Key))
                    {
                        throw file.ErrorAtLine(set.KeyLine(entry.Key), $"unknown key '{entry.Key}' in ParameterSets of -{name}");
                    }
                }

                string setName = RequiredScalar(file, set, "Name", name, set.Line);
                if (!seen.Add(setName))
                {
                    throw file.ErrorAtLine(set.Line, $"-{name} lists parameter set '{setName}' twice");
                }

                string positionText = RequiredScalar(file, set, "Position", name, set.Line);
                int? position = null;
                if (!string.Equals(positionText, "Named", StringComparison.OrdinalIgnoreCase))
                {
                    if (!int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
                    {
                        throw file.ErrorAtLine(set.KeyLine("Position"), $"Position of -{name} must be 'Named' or a number, not '{positionText}'");
                    }

                    position = parsed;
                }

                if (set.Get("IsRequired") == null)
                {
                    throw file.ErrorAtLine(set.Line, $"ParameterSets item '{setName}' of -{name} has no IsRequired");
                }

                sets.Add(new ParameterSetEntry(
                    setName,
                    position,
                    OptionalBool(file, set, "IsRequired", name),
                    OptionalBool(file, set, "ValueFromPipeline", name),
                    OptionalBool(file, set, "ValueFromPipelineByPropertyName", name),
                    OptionalBool(file, set, "ValueFromRemainingArguments", name),
                    set.Line));
            }

            return sets;
        }

        /// <summary>platyPS writes aliases as a list; older files have "Aliases: a, b". Both mean the same.</summary>
        private static IReadOnlyList<string> ReadAliases(SourceFile file, YamlMap map, string name)
        {
            if (map.Get("Aliases") is YamlScalar scalar)
            {
                var aliases = new List<string>();
                foreach (string part in scalar.Value.Split(','))
                {
                    if (part.Trim().Length > 0)
                    {
                        aliases.Add(part.Trim());
                    }
                }

                return aliases;
            }

            return ScalarList(file, map, "Aliases", name);
        }

        private static IReadOnlyList<string> ScalarList(SourceFile file, YamlMap map, string key, string name)
        {
            YamlNode? node = map.Get(key);
            if (node == null || (node is YamlScalar empty && empty.IsEmpty))
            {
                return Array.Empty<string>();
            }

            if (!(node is YamlList list))
            {
                throw file.ErrorAtLine(map.KeyLine(key), $"{key} of -{name} must be a list");
            }

            var values = new List<string>();
            foreach (YamlNode item in list.Items)
            {
                if (!(item is YamlScalar value))
                {
                    throw file.ErrorAtLine(item.Line, $"{key} of -{name} must be a list of plain values");
                }

                values.Add(value.Value);
            }

            return values;
        }

        private static string RequiredScalar(SourceFile file, YamlMap map, string key, string name, int lineIfMissing)
        {
            string? value = OptionalScalar(file, map, key, name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw file.ErrorAtLine(map.Get(key)?.Line ?? lineIfMissing, $"the yaml block of -{name} needs a value for '{key}'");
            }

            return value!;
        }

        private static string? OptionalScalar(SourceFile file, YamlMap map, string key, string name)
        {
            YamlNode? node = map.Get(key);
            if (node == null)
            {
                return null;
            }

            if (!(node is YamlScalar scalar))
            {
                throw file.ErrorAtLine(map.KeyLine(key), $"'{key}' of -{name} must be a single value");
            }

            return scalar.Value;
        }

        private static bool OptionalBool(SourceFile file, YamlMap map, string key, string name)
        {
            string? text = OptionalScalar(file, map, key, name);
            if (text == null || text.Length == 0)
            {
                return false;
            }

            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw file.ErrorAtLine(map.KeyLine(key), $"'{key}' of -{name} must be true or false, not '{text}'");
        }
    }
}
