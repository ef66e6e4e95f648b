using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>
    /// The fixture docs compile to the reviewed MAML and about text byte for byte. The semantic checks below
    /// read the produced XML independently, so a golden file blessed with a mistake in it would still fail.
    /// </summary>
    public sealed class HelpCompilerGoldenTests
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        [Fact]
        public void Fixture_compiles_to_the_expected_maml_byte_for_byte()
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(HelpFixtures.Docs, output.Path);
            AssertSameBytes(Path.Combine(HelpFixtures.Expected, "Widgets.dll-Help.xml"), output.Combine("Widgets.dll-Help.xml"));
        }

        [Fact]
        public void Fixture_about_page_compiles_to_the_expected_text_byte_for_byte()
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(HelpFixtures.Docs, output.Path);
            AssertSameBytes(Path.Combine(HelpFixtures.Expected, "about_Widgets.help.txt"), output.Combine("about_Widgets.help.txt"));
        }

        [Fact]
        public void Writes_one_maml_file_and_one_about_file_and_skips_the_module_page()
        {
            using var output = new TempFolder();
            IReadOnlyList<string> written = DocsCompiler.Compile(HelpFixtures.Docs, output.Path);

            Assert.Equal(new[] { "Widgets.dll-Help.xml", "about_Widgets.help.txt" }, written.Select(Path.GetFileName));
            Assert.Equal(written.Count, Directory.GetFiles(output.Path).Length);
        }

        [Fact]
        public void Crlf_and_bom_in_the_markdown_do_not_change_the_output()
        {
            using var docs = new TempFolder();
            using var output = new TempFolder();
            foreach (string source in Directory.GetFiles(HelpFixtures.Docs, "*.md"))
            {
                string text = File.ReadAllText(source).Replace("\n", "\r\n");
                File.WriteAllText(docs.Combine(Path.GetFileName(source)), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            }

            DocsCompiler.Compile(docs.Path, output.Path);

            AssertSameBytes(Path.Combine(HelpFixtures.Expected, "Widgets.dll-Help.xml"), output.Combine("Widgets.dll-Help.xml"));
            AssertSameBytes(Path.Combine(HelpFixtures.Expected, "about_Widgets.help.txt"), output.Combine("about_Widgets.help.txt"));
        }

        [Fact]
        public void Maml_has_one_syntax_item_per_parameter_set_with_set_specific_facts()
        {
            XElement setWidget = CompileAndFindCommand("Set-Widget");
            XElement[] syntaxItems = setWidget.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToArray();

            Assert.Equal(2, syntaxItems.Length);

            // ByName: the order of its syntax block, Name positional and mandatory there.
            Assert.Equal(new[] { "Name", "Colour", "Force" }, ParameterNames(syntaxItems[0]));
            XElement name = Parameter(syntaxItems[0], "Name");
            Assert.Equal("true", (string?)name.Attribute("required"));
            Assert.Equal("0", (string?)name.Attribute("position"));
            Assert.Equal("true", (string?)name.Attribute("globbing"));
            Assert.Equal("True (ByPropertyName)", (string?)name.Attribute("pipelineInput"));
            Assert.Equal("WidgetName, N", (string?)name.Attribute("aliases"));

            // ByObject: no Name, InputObject mandatory and taken from the pipeline by value.
            Assert.Equal(new[] { "InputObject", "Colour", "Force" }, ParameterNames(syntaxItems[1]));
            XElement inputObject = Parameter(syntaxItems[1], "InputObject");
            Assert.Equal("true", (string?)inputObject.Attribute("required"));
            Assert.Equal("named", (string?)inputObject.Attribute("position"));
            Assert.Equal("True (ByValue)", (string?)inputObject.Attribute("pipelineInput"));
        }

        [Fact]
        public void Maml_parameters_carry_types_values_and_descriptions()
        {
            XElement setWidget = CompileAndFindCommand("Set-Widget");
            XElement parameters = setWidget.Element(Command + "parameters")!;

            // The parameters section lists every parameter once, in the markdown's order.
            Assert.Equal(new[] { "Colour", "Force", "InputObject", "Name" }, ParameterNames(parameters));

            XElement colour = Parameter(parameters, "Colour");
            Assert.Equal(new[] { "Red", "Green" }, colour.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue")
                .Select(v => v.Value));
            Assert.Equal("Widgets.WidgetColour", colour.Element(Dev + "type")!.Element(Maml + "name")!.Value);
            Assert.Equal("Green", colour.Element(Dev + "defaultValue")!.Value);
            Assert.Equal("Color", (string?)colour.Attribute("aliases"));

            // A switch takes no value, so it has a type but no command:parameterValue (Get-Help shows "[-Force]").
            XElement force = Parameter(parameters, "Force");
            Assert.Null(force.Element(Command + "parameterValue"));
            Assert.Equal("System.Management.Automation.SwitchParameter", force.Element(Dev + "type")!.Element(Maml + "name")!.Value);

            // Soft line breaks in a paragraph become spaces.
            XElement name = Parameter(parameters, "Name");
            Assert.Equal("The names of the widgets to change. Wildcards are allowed.",
                name.Element(Maml + "description")!.Element(Maml + "para")!.Value);
            Assert.Equal("true", (string?)name.Attribute("required"));
        }

        [Fact]
        public void Maml_examples_keep_code_verbatim_and_collect_the_rest_as_remarks()
        {
            XElement setWidget = CompileAndFindCommand("Set-Widget");
            XElement[] examples = setWidget.Element(Command + "examples")!.Elements(Command + "example").ToArray();

            Assert.Equal(2, examples.Length);
            Assert.Contains("Example 1: Paint one widget", examples[0].Element(Maml + "title")!.Value);
            Assert.Equal("# Comments in code are not headings.\nSet-Widget -Name gear -Colour Red", examples[0].Element(Dev + "code")!.Value);

            string[] remarks = examples[1].Element(Dev + "remarks")!.Elements(Maml + "para").Select(p => p.Value).ToArray();
            Assert.Equal(new[] { "Get the widgets first.", "Name  Colour\n----  ------\ngear  Green", "Every widget turns green, without a prompt.",
                string.Empty }, remarks);
        }

        [Fact]
        public void Maml_related_links_keep_absolute_uris_only()
        {
            XElement setWidget = CompileAndFindCommand("Set-Widget");
            var links = setWidget.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
                .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value))
                .ToArray();

            Assert.Equal(
                new[]
                {
                    ("Online Version:", "https://example.invalid/widgets/set-widget"),
                    ("Get-Widget", string.Empty),
                    ("Widgets online", "https://example.invalid/widgets"),
                    ("about_Widgets", string.Empty),
                },
                links);
        }

        [Fact]
        public void About_text_fits_80_columns_except_single_words_longer_than_a_line()
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(HelpFixtures.Docs, output.Path);
            string[] lines = File.ReadAllText(output.Combine("about_Widgets.help.txt")).Split('\n');

            Assert.Equal("TOPIC", lines[0]);
            Assert.Contains("SHORT DESCRIPTION", lines);
            Assert.Contains("LONG DESCRIPTION", lines);
            Assert.All(lines.Where(l => l.Length > 80), l => Assert.DoesNotContain(' ', l.Trim()));
            Assert.Contains(lines, l => l.Length > 80);
        }

        private static XElement CompileAndFindCommand(string name)
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(HelpFixtures.Docs, output.Path);
            XDocument maml = XDocument.Load(output.Combine("Widgets.dll-Help.xml"));
            Assert.Equal("maml", (string?)maml.Root!.Attribute("schema"));
            return maml.Root.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);
        }

        private static string[] ParameterNames(XElement parent) =>
            parent.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToArray();

        private static XElement Parameter(XElement parent, string name) =>
            parent.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == name);

        private static void AssertSameBytes(string expectedPath, string actualPath)
        {
            byte[] expected = File.ReadAllBytes(expectedPath);
            byte[] actual = File.ReadAllBytes(actualPath);

            // Text first for a readable first difference, then bytes for what text hides (BOM, line endings).
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
            Assert.Equal(expected, actual);
        }
    }
}
