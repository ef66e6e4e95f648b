using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Checks the ```yaml block under "### -Name" (platyPS schema 2024-05-01), read by YamlDotNet into
    /// <see cref="ParameterYaml"/>, and turns it into the facts Get-Help shows.
    /// </summary>
    internal static class ParameterBlockReader
    {
        public static ParameterHelp Read(SourceFile file, string name, int headingLine, IReadOnlyList<Prose> description, FencedCodeBlock yaml)
        {
            var reader = new Checker(file, name);
            ParameterYaml block = YamlBlockReader.Read<ParameterYaml>(file, yaml.FileLine() + 1, MarkdownPage.CodeLines(yaml));

            string typeName = reader.Required(block.Type, "Type", yaml.FileLine());
            string defaultValue = reader.Scalar(block.DefaultValue, "DefaultValue") ?? string.Empty;
            return new ParameterHelp(
                name,
                headingLine,
                description,
                typeName,
                defaultValue.Length == 0 ? "None" : defaultValue,
                reader.Bool(block.SupportsWildcards, "SupportsWildcards"),
                reader.Aliases(block.Aliases),
                ReadSets(reader, block.ParameterSets, yaml.FileLine()),
                reader.Bool(block.DontShow, "DontShow"),
                reader.List(block.AcceptedValues, "AcceptedValues"));
        }

        private static IReadOnlyList<ParameterSetEntry> ReadSets(Checker reader, List<ParameterSetYaml>? items, int yamlLine)
        {
            if (items == null || items.Count == 0)
            {
                throw reader.File.ErrorAtLine(yamlLine, $"the yaml block of -{reader.Name} has no ParameterSets (Name, Position, IsRequired, ...)");
            }

            var sets = new List<ParameterSetEntry>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (ParameterSetYaml item in items)
            {
                int line = item.LineOr(yamlLine);
                string setName = reader.Required(item.Name, "Name", line);
                if (!seen.Add(setName))
                {
                    throw reader.File.ErrorAtLine(line, $"-{reader.Name} lists parameter set '{setName}' twice");
                }

                string positionText = reader.Required(item.Position, "Position", line);
                int? position = null;
                if (!string.Equals(positionText, "Named", StringComparison.OrdinalIgnoreCase))
                {
                    if (!int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
                    {
                        string reason = $"Position of -{reader.Name} must be 'Named' or a number, not '{positionText}'";
                        throw reader.File.ErrorAtLine(item.Position!.Line, reason);
                    }

                    position = parsed;
                }

                if (item.IsRequired == null)
                {
                    throw reader.File.ErrorAtLine(line, $"ParameterSets item '{setName}' of -{reader.Name} has no IsRequired");
                }

                sets.Add(new ParameterSetEntry(
                    setName,
                    position,
                    reader.Bool(item.IsRequired, "IsRequired"),
                    reader.Bool(item.ValueFromPipeline, "ValueFromPipeline"),
                    reader.Bool(item.ValueFromPipelineByPropertyName, "ValueFromPipelineByPropertyName"),
                    reader.Bool(item.ValueFromRemainingArguments, "ValueFromRemainingArguments"),
                    line));
            }

            return sets;
        }

        /// <summary>The value checks, with the file and the parameter's name for their messages.</summary>
        private sealed class Checker
        {
            public Checker(SourceFile file, string name)
            {
                File = file;
                Name = name;
            }

            public SourceFile File { get; }

            public string Name { get; }

            public string? Scalar(YamlValue? value, string key)
            {
                if (value != null && value.Text == null)
                {
                    throw File.ErrorAtLine(value.Line, $"'{key}' of -{Name} must be a single value");
                }

                return value?.Text;
            }

            public string Required(YamlValue? value, string key, int lineIfMissing)
            {
                string? text = Scalar(value, key);
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw File.ErrorAtLine(value?.Line ?? lineIfMissing, $"the yaml block of -{Name} needs a value for '{key}'");
                }

                return text;
            }

            public bool Bool(YamlValue? value, string key)
            {
                string? text = Scalar(value, key);
                if (string.IsNullOrEmpty(text) || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                throw File.ErrorAtLine(value!.Line, $"'{key}' of -{Name} must be true or false, not '{text}'");
            }

            public IReadOnlyList<string> List(YamlValue? value, string key)
            {
                if (value == null || value.IsEmpty)
                {
                    return Array.Empty<string>();
                }

                if (value.Items == null)
                {
                    throw File.ErrorAtLine(value.Line, $"{key} of -{Name} must be a list");
                }

                return value.Items.Select(item => item.Text!).ToList();
            }

            /// <summary>platyPS writes aliases as a list; older files have "Aliases: a, b". Both mean the same.</summary>
            public IReadOnlyList<string> Aliases(YamlValue? value)
            {
                if (value?.Text != null)
                {
                    return value.Text.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
                }

                return List(value, "Aliases");
            }
        }
    }
}
