using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Writes the MAML file Get-Help reads for a binary module (&lt;ModuleBase&gt;/&lt;culture&gt;/X.dll-Help.xml),
    /// in the element layout platyPS produces. Output is byte-stable (fixed indentation, LF, no BOM) so that the
    /// golden-file test and git diffs of generated help mean something.
    /// </summary>
    internal static class MamlWriter
    {
        private const string MshNs = "http://msh";
        private const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
        private const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";
        private const string MsHelpNs = "http://msdn.microsoft.com/mshelp";

        public static byte[] Write(IEnumerable<CommandHelp> commands)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Replace,
            };

            using var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, settings))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement("helpItems", MshNs);
                writer.WriteAttributeString("schema", "maml");
                foreach (CommandHelp command in commands)
                {
                    WriteCommand(writer, command);
                }

                writer.WriteEndElement();
                writer.WriteEndDocument();
            }

            stream.WriteByte((byte)'\n');
            return stream.ToArray();
        }

        private static void WriteCommand(XmlWriter w, CommandHelp command)
        {
            w.WriteStartElement("command", "command", CommandNs);
            w.WriteAttributeString("xmlns", "maml", null, MamlNs);
            w.WriteAttributeString("xmlns", "command", null, CommandNs);
            w.WriteAttributeString("xmlns", "dev", null, DevNs);
            w.WriteAttributeString("xmlns", "MSHelp", null, MsHelpNs);

            w.WriteStartElement("command", "details", CommandNs);
            w.WriteElementString("command", "name", CommandNs, command.Name);
            w.WriteElementString("command", "verb", CommandNs, command.Verb);
            w.WriteElementString("command", "noun", CommandNs, command.Noun);
            WriteDescription(w, command.Synopsis);
            w.WriteEndElement();

            WriteDescription(w, command.Description);
            WriteSyntax(w, command);
            WriteParameters(w, command);
            WriteTypes(w, "inputTypes", "inputType", command.Inputs);
            WriteTypes(w, "returnValues", "returnValue", command.Outputs);
            WriteNotes(w, command.Notes);
            WriteExamples(w, command.Examples);
            WriteLinks(w, command.RelatedLinks);

            w.WriteEndElement();
        }

        private static void WriteSyntax(XmlWriter w, CommandHelp command)
        {
            w.WriteStartElement("command", "syntax", CommandNs);
            foreach (SyntaxSet set in command.SyntaxSets)
            {
                w.WriteStartElement("command", "syntaxItem", CommandNs);
                w.WriteElementString("maml", "name", MamlNs, command.Name);
                foreach (string name in set.ParameterOrder)
                {
                    ParameterHelp parameter = command.Parameters.First(p => p.Name == name);

                    // The reader has checked that every parameter in a syntax block belongs to that set.
                    ParameterSetEntry entry = parameter.EntryFor(set.Name)!;
                    WriteParameter(w, parameter, entry.IsRequired, PositionText(entry.Position), PipelineText(new[] { entry }),
                        withDescription: false);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void WriteParameters(XmlWriter w, CommandHelp command)
        {
            w.WriteStartElement("command", "parameters", CommandNs);
            foreach (ParameterHelp parameter in command.Parameters)
            {
                // One entry per parameter across all sets, as Get-Help -Parameter shows it: required if it is
                // required anywhere, and accepting every kind of pipeline input any set accepts.
                bool required = parameter.ParameterSets.Any(s => s.IsRequired);
                WriteParameter(w, parameter, required, PositionText(parameter.ParameterSets[0].Position), PipelineText(parameter.ParameterSets),
                    withDescription: true);
            }

            w.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter w, ParameterHelp parameter, bool required, string position, string pipelineInput,
            bool withDescription)
        {
            bool isArray = parameter.TypeName.EndsWith("[]", StringComparison.Ordinal);
            w.WriteStartElement("command", "parameter", CommandNs);
            w.WriteAttributeString("required", Bool(required));
            w.WriteAttributeString("variableLength", Bool(isArray));
            w.WriteAttributeString("globbing", Bool(parameter.SupportsWildcards));
            w.WriteAttributeString("pipelineInput", pipelineInput);
            w.WriteAttributeString("position", position);
            w.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
            w.WriteElementString("maml", "name", MamlNs, parameter.Name);
            if (withDescription)
            {
                WriteDescription(w, parameter.Description);
            }

            if (parameter.AcceptedValues.Count > 0)
            {
                // Get-Help shows these in the syntax as {Tcp | Udp}.
                w.WriteStartElement("command", "parameterValueGroup", CommandNs);
                foreach (string value in parameter.AcceptedValues)
                {
                    w.WriteStartElement("command", "parameterValue", CommandNs);
                    w.WriteAttributeString("required", "false");
                    w.WriteAttributeString("variableLength", "false");
                    w.WriteString(value);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            if (!parameter.IsSwitch)
            {
                w.WriteStartElement("command", "parameterValue", CommandNs);
                w.WriteAttributeString("required", "true");
                w.WriteAttributeString("variableLength", Bool(isArray));
                w.WriteString(parameter.TypeName);
                w.WriteEndElement();
            }

            w.WriteStartElement("dev", "type", DevNs);
            w.WriteElementString("maml", "name", MamlNs, parameter.TypeName);
            w.WriteElementString("maml", "uri", MamlNs, string.Empty);
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", DevNs, parameter.DefaultValue);
            w.WriteEndElement();
        }

        private static void WriteTypes(XmlWriter w, string listName, string itemName, IReadOnlyList<TypeHelp> types)
        {
            if (types.Count == 0)
            {
                return;
            }

            w.WriteStartElement("command", listName, CommandNs);
            foreach (TypeHelp type in types)
            {
                w.WriteStartElement("command", itemName, CommandNs);
                w.WriteStartElement("dev", "type", DevNs);
                w.WriteElementString("maml", "name", MamlNs, type.TypeName);
                w.WriteEndElement();
                WriteDescription(w, type.Description);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void WriteNotes(XmlWriter w, IReadOnlyList<Prose> notes)
        {
            if (notes.Count == 0)
            {
                return;
            }

            w.WriteStartElement("maml", "alertSet", MamlNs);
            w.WriteStartElement("maml", "alert", MamlNs);
            WriteParas(w, notes);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        private static void WriteExamples(XmlWriter w, IReadOnlyList<ExampleHelp> examples)
        {
            w.WriteStartElement("command", "examples", CommandNs);
            foreach (ExampleHelp example in examples)
            {
                w.WriteStartElement("command", "example", CommandNs);

                // Dashes around the title are how Get-Help sets examples apart in its text output.
                w.WriteElementString("maml", "title", MamlNs, "---------- " + example.Title + " ----------");
                w.WriteElementString("dev", "code", DevNs, example.Code);
                w.WriteStartElement("dev", "remarks", DevNs);
                WriteParas(w, example.Remarks);

                // An empty para is MAML's spacing: without it Get-Help prints the next example's title
                // directly under this example's last line.
                w.WriteElementString("maml", "para", MamlNs, string.Empty);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void WriteLinks(XmlWriter w, IReadOnlyList<RelatedLink> links)
        {
            if (links.Count == 0)
            {
                return;
            }

            w.WriteStartElement("command", "relatedLinks", CommandNs);
            foreach (RelatedLink link in links)
            {
                w.WriteStartElement("maml", "navigationLink", MamlNs);
                w.WriteElementString("maml", "linkText", MamlNs, link.Text);
                w.WriteElementString("maml", "uri", MamlNs, link.Uri);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void WriteDescription(XmlWriter w, IReadOnlyList<Prose> prose)
        {
            if (prose.Count == 0)
            {
                return;
            }

            w.WriteStartElement("maml", "description", MamlNs);
            WriteParas(w, prose);
            w.WriteEndElement();
        }

        private static void WriteParas(XmlWriter w, IReadOnlyList<Prose> prose)
        {
            foreach (Prose item in prose)
            {
                w.WriteElementString("maml", "para", MamlNs, item.Text);
            }
        }

        private static string PositionText(int? position) =>
            position.HasValue ? position.Value.ToString(CultureInfo.InvariantCulture) : "named";

        /// <summary>The wording Get-Help prints under "Accept pipeline input?".</summary>
        private static string PipelineText(IEnumerable<ParameterSetEntry> entries)
        {
            bool byValue = entries.Any(e => e.ValueFromPipeline);
            bool byName = entries.Any(e => e.ValueFromPipelineByPropertyName);
            if (byValue && byName)
            {
                return "True (ByValue, ByPropertyName)";
            }

            return byValue ? "True (ByValue)" : byName ? "True (ByPropertyName)" : "False";
        }

        private static string Bool(bool value) => value ? "true" : "false";
    }
}
