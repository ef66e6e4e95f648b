using System.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>The YAML subset reader on its own: the shapes platyPS writes, and the errors for the rest.</summary>
    public sealed class YamlSubsetReaderTests
    {
        [Fact]
        public void Reads_a_parameter_block_shape()
        {
            YamlMap map = Read(
                "Type: System.Int32[]",
                "DefaultValue: None # a comment",
                "Aliases:",
                "- LocalPort",
                "ParameterSets:",
                "- Name: (All)",
                "  Position: Named",
                "  IsRequired: false",
                "- Name: Other",
                "  Position: 2",
                "AcceptedValues: [Tcp, 'Udp', \"Raw\"]",
                "HelpMessage: ''");

            Assert.Equal("System.Int32[]", Scalar(map, "Type"));
            Assert.Equal("None", Scalar(map, "DefaultValue"));
            Assert.Equal(new[] { "LocalPort" }, ((YamlList)map.Get("Aliases")!).Items.Cast<YamlScalar>().Select(s => s.Value));

            var sets = ((YamlList)map.Get("ParameterSets")!).Items.Cast<YamlMap>().ToArray();
            Assert.Equal(2, sets.Length);
            Assert.Equal("(All)", Scalar(sets[0], "Name"));
            Assert.Equal("false", Scalar(sets[0], "IsRequired"));
            Assert.Equal("2", Scalar(sets[1], "Position"));
            Assert.Equal(9, sets[1].Line);

            Assert.Equal(new[] { "Tcp", "Udp", "Raw" }, ((YamlList)map.Get("AcceptedValues")!).Items.Cast<YamlScalar>().Select(s => s.Value));
            var help = (YamlScalar)map.Get("HelpMessage")!;
            Assert.True(help.IsQuoted);
            Assert.False(help.IsEmpty);
            Assert.Equal(string.Empty, help.Value);
        }

        [Fact]
        public void Quoted_scalars_unescape_and_keep_hashes()
        {
            YamlMap map = Read("A: 'it''s # not a comment'", "B: \"say \\\"hi\\\"\"", "C: plain#hash");

            Assert.Equal("it's # not a comment", Scalar(map, "A"));
            Assert.Equal("say \"hi\"", Scalar(map, "B"));
            Assert.Equal("plain#hash", Scalar(map, "C"));
        }

        [Fact]
        public void Key_with_nothing_after_it_is_an_empty_unquoted_value()
        {
            YamlMap map = Read("online version:", "title: X");

            Assert.True(((YamlScalar)map.Get("online version")!).IsEmpty);
            Assert.Equal("X", Scalar(map, "title"));
        }

        [Theory]
        [InlineData("duplicate YAML key 'A'", 2, "A: 1", "A: 2")]
        [InlineData("unexpected indentation", 2, "A: 1", "  B: 2")]
        [InlineData("expected 'key: value'", 2, "A: 1", "just text")]
        [InlineData("YAML list item without a 'key:' line", 2, "A: 1", "- x")]
        [InlineData("unsupported YAML value", 1, "A: {b: 1}")]
        [InlineData("unsupported YAML value", 1, "A: |")]
        [InlineData("empty item in YAML list", 1, "A: [a, , b]")]
        [InlineData("nested collections", 1, "A: [[a]]")]
        [InlineData("unexpected text after YAML value", 1, "A: 'x' y")]
        [InlineData("unsupported escape", 1, "A: \"\\q\"")]
        public void Rejects_what_it_does_not_understand_at_the_right_line(string fragment, int line, params string[] lines)
        {
            var error = Assert.Throws<HelpSourceException>(() => Read(lines));

            Assert.Contains(fragment, error.Reason, System.StringComparison.Ordinal);
            Assert.Equal(line, error.Line);
        }

        private static YamlMap Read(params string[] lines)
        {
            var file = new SourceFile("test.yml", string.Join("\n", lines));
            return YamlSubsetReader.ReadMapping(file, 0, file.Lines.Count);
        }

        private static string Scalar(YamlMap map, string key) => ((YamlScalar)map.Get(key)!).Value;
    }
}
