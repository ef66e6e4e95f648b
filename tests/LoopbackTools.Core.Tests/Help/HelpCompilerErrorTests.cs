using System;
using System.IO;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>
    /// Malformed markdown stops the compile with the file and line of the mistake. Each case breaks one
    /// thing in a copy of the valid fixture; the expected line is found in the broken text, not hard-coded.
    /// </summary>
    public sealed class HelpCompilerErrorTests
    {
        public static TheoryData<string, string, string, string, string> Mutations => new TheoryData<string, string, string, string, string>
        {
            // file, find, replace with, anchor of the reported line, message fragment
            { "Set-Widget.md", "## SYNOPSIS\n\nChanges the colour & size of a widget.\n\n", "", "# Set-Widget\n", "missing section '## SYNOPSIS'" },
            { "Set-Widget.md", "Changes the colour & size of a widget.\n", "", "## SYNOPSIS", "section '## SYNOPSIS' is empty" },
            { "Set-Widget.md", "## DESCRIPTION", "## Description", "## Description", "write '## DESCRIPTION' in upper case" },
            { "Set-Widget.md", "## NOTES", "## REMARKS", "## REMARKS", "unknown section '## REMARKS'" },
            { "Set-Widget.md", "PlatyPS schema version: 2024-05-01", "PlatyPS schema version: 2.0.0", "PlatyPS schema version",
                "must be 2024-05-01, found '2.0.0'" },
            { "Set-Widget.md", "# Set-Widget\n", "# Set-Gadget\n", "# Set-Gadget", "the file is named 'Set-Widget.md'" },
            { "Set-Widget.md", "  IsRequired: true\n  ValueFromPipeline: true", "  IsRequired: yes please\n  ValueFromPipeline: true",
                "IsRequired: yes please", "'IsRequired' of -InputObject must be true or false, not 'yes please'" },
            { "Set-Widget.md", "SupportsWildcards: true\n", "SupportsWildcards true\n",
                "SupportsWildcards true", "invalid YAML: While parsing a block mapping, did not find expected key" },
            { "Set-Widget.md", "AcceptedValues: [Red, 'Green']", "AcceptedValues: [Red, 'Green'", "AcceptedValues: [Red", "missing its closing ']'" },
            { "Set-Widget.md", "HelpMessage: 'Type a widget''s name'", "HelpMessage: 'Type a widget''s name",
                "HelpMessage: 'Type", "invalid YAML: While scanning a quoted scalar" },
            { "Set-Widget.md", "  ValueFromPipelineByPropertyName: true", "  ValueFromPipelineByPropertyNam: true",
                "ValueFromPipelineByPropertyNam:", "unknown key 'ValueFromPipelineByPropertyNam' in ParameterSets" },
            { "Set-Widget.md", "Type: Widgets.Widget\n", "Type: Widgets.Widget\nHelpMesage: x\n",
                "HelpMesage", "unknown key 'HelpMesage' in the yaml block" },
            { "Set-Widget.md", "Aliases:\n- Color\n", "Aliases:\n\t- Color\n", "\t- Color", "tab used for indentation" },
            { "Set-Widget.md", "DontShow: false\nAcceptedValues: [Red", "DontShow: false\nDontShow: true\nAcceptedValues: [Red",
                "DontShow: true", "duplicate key DontShow" },
            { "Set-Widget.md", "  Position: 0\n", "  Position: 0\n  Name: Other\n", "  Name: Other", "duplicate key Name" },
            { "Set-Widget.md", "Locale: en-US\n", "Locale: en-US\nLocale: de-DE\n", "Locale: de-DE", "duplicate key Locale" },
            { "Set-Widget.md", "title: Set-Widget\n", "title: [Set-Widget]\n", "title: [", "front matter key 'title' must be a single value" },
            { "Set-Widget.md", "title: Set-Widget\n---\n", "title: Set-Widget\n", "---", "front matter is never closed" },
            { "Set-Widget.md", "Changes the widget without asking.\n\n```yaml\n", "Changes the widget without asking.\n\n```text\n", "### -Force",
                "-Force has no ```yaml block" },
            { "Set-Widget.md", "[-Force] [<CommonParameters>]\n```\n\n### ByObject",
                "[-Force] [-Verbosity <int>] [<CommonParameters>]\n```\n\n### ByObject", "[-Verbosity",
                "uses -Verbosity, which '## PARAMETERS' does not document" },
            { "Set-Widget.md", "Set-Widget -InputObject <Widget> [-Colour <WidgetColour>] [-Force]",
                "Set-Widget -InputObject <Widget> [-Colour <WidgetColour>]", "### ByObject",
                "-Force belongs to parameter set 'ByObject' but its syntax block does not show it" },
            { "Set-Widget.md", "- Name: ByObject\n", "- Name: ByWidget\n", "Set-Widget -InputObject",
                "-InputObject is in the syntax of 'ByObject' but its ParameterSets include neither 'ByObject' nor (All)" },
            { "Set-Widget.md", "- Name: ByName\n", "- Name: ByPath\n  Position: Named\n  IsRequired: false\n- Name: ByName\n", "- Name: ByPath",
                "names parameter set 'ByPath', which '## SYNTAX' does not list" },
            { "Get-Widget.md", "```powershell\nGet-Widget\n```\n", "Get-Widget\n", "### Example 1", "example 'Example 1' has no code block" },
            { "Get-Widget.md", "```powershell\nGet-Widget\n```\n", "```powershell\nGet-Widget\n", "```powershell", "code block is never closed" },
            { "Get-Widget.md", "external help file: Widgets.dll-Help.xml", "external help file: Other.dll-Help.xml", "---",
                "'external help file' is 'Widgets.dll-Help.xml'" },
            { "about_Widgets.md", "## Short Description\n\nExplains widgets.\n\n", "", "# about_Widgets",
                "needs a non-empty '## SHORT DESCRIPTION'" },
            { "about_Widgets.md", "Get-Widget | Set-Widget -Colour Red\n",
                "Get-Widget | Set-Widget -Colour Red | Set-Widget -Colour Green | Out-Null\n", "Get-Widget | Set-Widget -Colour Red |",
                "code line is 73 characters; about topics allow 72" },
        };

        [Theory]
        [MemberData(nameof(Mutations))]
        public void Malformed_markdown_is_reported_with_file_and_line(string file, string find, string replace, string anchor, string fragment)
        {
            using var docs = CopyFixture();
            string mutated = Mutate(docs.Combine(file), find, replace);

            // Changing Get-Widget's MAML name makes the *other* page disagree: the error names Set-Widget.md.
            bool otherFile = replace.Contains("Other.dll-Help.xml", StringComparison.Ordinal);
            string reportedFile = otherFile ? "Set-Widget.md" : file;
            int expectedLine = otherFile ? 1 : HelpFixtures.LineOf(mutated, anchor);

            using var output = new TempFolder();
            var error = Assert.Throws<HelpSourceException>(() => DocsCompiler.Compile(docs.Path, output.Path));

            Assert.Equal(reportedFile, Path.GetFileName(error.FilePath));
            Assert.Equal(expectedLine, error.Line);
            Assert.Contains(fragment, error.Reason, StringComparison.Ordinal);
            Assert.StartsWith($"{error.FilePath}({expectedLine}): error: ", error.Message, StringComparison.Ordinal);

            // Everything is checked before anything is written: no half-made help is left behind.
            Assert.Empty(Directory.GetFiles(output.Path));
        }

        [Fact]
        public void Command_line_exits_non_zero_and_prints_file_and_line_on_malformed_markdown()
        {
            using var docs = CopyFixture();
            string mutated = Mutate(docs.Combine("Set-Widget.md"), "## SYNOPSIS\n\nChanges the colour & size of a widget.\n\n", string.Empty);
            using var output = new TempFolder();
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            int exitCode = Program.Run(new[] { docs.Path, output.Combine("en-US") }, stdout, stderr);

            Assert.Equal(Program.InvalidHelp, exitCode);
            int line = HelpFixtures.LineOf(mutated, "# Set-Widget\n");
            Assert.Equal($"{docs.Combine("Set-Widget.md")}({line}): error: missing section '## SYNOPSIS'", stderr.ToString().TrimEnd());
            Assert.False(Directory.Exists(output.Combine("en-US")));
        }

        [Fact]
        public void Command_line_writes_the_help_and_exits_zero_on_valid_markdown()
        {
            using var output = new TempFolder();
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            int exitCode = Program.Run(new[] { HelpFixtures.Docs, output.Combine("en-US") }, stdout, stderr);

            Assert.Equal(Program.Success, exitCode);
            Assert.Equal(string.Empty, stderr.ToString());
            Assert.True(File.Exists(output.Combine("en-US", "Widgets.dll-Help.xml")));
            Assert.True(File.Exists(output.Combine("en-US", "about_Widgets.help.txt")));
            Assert.Contains("Widgets.dll-Help.xml", stdout.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(3)]
        public void Command_line_rejects_a_wrong_argument_count_with_usage(int count)
        {
            var stderr = new StringWriter();
            string[] args = new string[count];
            Array.Fill(args, HelpFixtures.Docs);

            Assert.Equal(Program.Usage, Program.Run(args, new StringWriter(), stderr));
            Assert.StartsWith("usage:", stderr.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Command_line_reports_a_missing_docs_folder()
        {
            using var output = new TempFolder();
            var stderr = new StringWriter();
            string missing = output.Combine("no-such-docs");

            Assert.Equal(Program.InvalidHelp, Program.Run(new[] { missing, output.Combine("out") }, new StringWriter(), stderr));
            Assert.Contains($"'{missing}' does not exist", stderr.ToString(), StringComparison.Ordinal);
        }

        private static TempFolder CopyFixture()
        {
            var docs = new TempFolder();
            foreach (string source in Directory.GetFiles(HelpFixtures.Docs, "*.md"))
            {
                File.Copy(source, docs.Combine(Path.GetFileName(source)));
            }

            return docs;
        }

        /// <summary>Replaces the first occurrence; fails loudly if the fixture drifted and the text is gone.</summary>
        private static string Mutate(string path, string find, string replace)
        {
            string text = File.ReadAllText(path).Replace("\r\n", "\n");
            int index = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(index >= 0, $"fixture text to break not found in {Path.GetFileName(path)}: {find}");
            string mutated = text.Substring(0, index) + replace + text.Substring(index + find.Length);
            File.WriteAllText(path, mutated);
            return mutated;
        }
    }
}
