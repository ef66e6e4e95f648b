using System.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>
    /// The YAML blocks of a page as YamlDotNet reads them into the typed classes: values keep the file line they
    /// were typed on, and every problem is an error at a line of the file, not of the block.
    /// </summary>
    public sealed class YamlBlockReaderTests
    {
        // The block starts at line 10 of a made-up file, as a ```yaml block under a parameter heading would.
        private const int FirstLine = 10;

        [Fact]
        public void Reads_a_parameter_block_with_file_lines()
        {
            ParameterYaml block = Read<ParameterYaml>(
                "Type: System.Int32[]",
                "DefaultValue: None # a comment",
                "Aliases:",
                "- LocalPort",
                "ParameterSets:",
                "- Name: (All)",
                "  Position: Named",
                "  IsRequired: false",
                "",
                "- Name: Other",
                "  Position: 2",
                "AcceptedValues: [Tcp, 'Udp', \"Raw\"]",
                "HelpMessage: ''");

            Assert.Equal("System.Int32[]", block.Type!.Text);
            Assert.Equal(FirstLine, block.Type.Line);
            Assert.Equal("None", block.DefaultValue!.Text);
            Assert.Equal(new[] { "LocalPort" }, block.Aliases!.Items!.Select(a => a.Text));
            Assert.Equal(FirstLine + 3, block.Aliases.Items![0].Line);

            Assert.Equal(2, block.ParameterSets!.Count);
            Assert.Equal("(All)", block.ParameterSets[0].Name!.Text);
            Assert.Equal("false", block.ParameterSets[0].IsRequired!.Text);
            Assert.Equal(FirstLine + 5, block.ParameterSets[0].LineOr(0));
            Assert.Equal("2", block.ParameterSets[1].Position!.Text);
            Assert.Equal(FirstLine + 9, block.ParameterSets[1].LineOr(0));

            Assert.Equal(new[] { "Tcp", "Udp", "Raw" }, block.AcceptedValues!.Items!.Select(a => a.Text));
            Assert.True(block.HelpMessage!.IsQuoted);
            Assert.False(block.HelpMessage.IsEmpty);
            Assert.Equal(string.Empty, block.HelpMessage.Text);
        }

        [Fact]
        public void Quoted_scalars_unescape_and_keep_hashes_and_an_empty_value_is_absent()
        {
            ParameterYaml block = Read<ParameterYaml>(
                "Type: 'it''s # not a comment'",
                "DefaultValue: \"say \\\"hi\\\"\"",
                "HelpMessage: plain#hash",
                "DontShow:");

            Assert.Equal("it's # not a comment", block.Type!.Text);
            Assert.Equal("say \"hi\"", block.DefaultValue!.Text);
            Assert.Equal("plain#hash", block.HelpMessage!.Text);
            Assert.True(block.DontShow!.IsEmpty);
            Assert.Equal(FirstLine + 3, block.DontShow.Line);
        }

        [Fact]
        public void Front_matter_skips_keys_it_does_not_use()
        {
            FrontMatter frontMatter = Read<FrontMatter>("document type: cmdlet", "Locale: en-US", "ms.date: [1, 2]", "title: Get-Widget");

            Assert.Equal("cmdlet", frontMatter.DocumentType!.Text);
            Assert.Equal(FirstLine + 3, frontMatter.Title!.Line);
        }

        [Theory]
        [InlineData("Encountered duplicate key Type", 2, "Type: a", "Type: b")]
        [InlineData("Encountered duplicate key Name", 4, "ParameterSets:", "- Name: A", "  Position: 0", "  Name: B")]
        [InlineData("unknown key 'Typo' in the yaml block", 2, "Type: a", "Typo: b")]
        [InlineData("unknown key 'Nmae' in ParameterSets", 3, "ParameterSets:", "- Name: A", "  Nmae: B")]
        [InlineData("invalid YAML: While scanning a quoted scalar", 2, "Type: a", "DefaultValue: 'unclosed")]
        [InlineData("invalid YAML: While parsing a block mapping, did not find expected key", 2, "Type: a", "DefaultValue b", "DontShow: false")]
        [InlineData("invalid YAML: a '[' or '{' here is missing its closing ']'", 2, "Type: a", "AcceptedValues: [a, b", "DontShow: false")]
        [InlineData("tab used for indentation", 3, "Type: a", "Aliases:", "\t- b")]
        [InlineData("expected a value or a list of values here, not a mapping", 1, "Type: {a: b}")]
        [InlineData("a list here holds plain values", 1, "Aliases: [a, [b]]")]
        [InlineData("a value here has the wrong form", 1, "ParameterSets: x")]
        public void Problems_are_errors_at_the_file_line(string fragment, int lineInBlock, params string[] lines)
        {
            var error = Assert.Throws<HelpSourceException>(() => Read<ParameterYaml>(lines));

            Assert.Contains(fragment, error.Reason, System.StringComparison.Ordinal);
            Assert.Equal(FirstLine + lineInBlock - 1, error.Line);
            Assert.Equal("test.md", error.FilePath);
        }

        [Fact]
        public void A_duplicate_key_in_front_matter_is_an_error_even_for_a_key_it_skips()
        {
            var error = Assert.Throws<HelpSourceException>(() => Read<FrontMatter>("Locale: en-US", "title: X", "Locale: de-DE"));

            Assert.Contains("duplicate key Locale", error.Reason, System.StringComparison.Ordinal);
            Assert.Equal(FirstLine + 2, error.Line);
        }

        private static T Read<T>(params string[] lines)
            where T : class, new()
        {
            var file = new SourceFile("test.md", string.Join("\n", Enumerable.Repeat("filler", FirstLine - 1).Concat(lines)));
            return YamlBlockReader.Read<T>(file, FirstLine, lines);
        }
    }
}
