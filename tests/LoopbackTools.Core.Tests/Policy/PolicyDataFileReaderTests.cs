using System.Diagnostics;
using System.Linq;
using System.Text;
using LoopbackTools.Policy;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    /// <summary>The .psd1 reader: PowerShell's constant data language, and nothing else, in one bounded pass.</summary>
    public class PolicyDataFileReaderTests
    {
        private static object? Scalar(PolicyNode node) => Assert.IsType<PolicyScalar>(node).Value;

        private static PolicyNode Value(string psd1, string key = "a")
        {
            var map = Assert.IsType<PolicyMap>(PolicyDataFileReader.Read(psd1, "f.psd1"));
            return map.Entries.Single(e => e.Key == key).Value;
        }

        [Fact]
        public void Reads_the_documented_shape_with_lines()
        {
            const string Text = "# allowed listeners\n@{\n    Description = 'cache host'\n    Listeners   = @(\n"
                + "        @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server' }\n"
                + "        @{ Port = '8000-8100'; Exposure = 'LoopbackOnly', 'AllInterfaces'; Process = 'python*', '/usr/bin/node' }\n"
                + "        @{ Port = 53 }\n    )\n}\n";
            var root = Assert.IsType<PolicyMap>(PolicyDataFileReader.Read(Text, "f.psd1"));
            Assert.Equal(2, root.Line);
            Assert.Equal(new[] { ("Description", 3), ("Listeners", 4) }, root.Entries.Select(e => (e.Key, e.Line)));
            var listeners = Assert.IsType<PolicyList>(root.Entries[1].Value);
            Assert.Equal(new[] { 5, 6, 7 }, listeners.Items.Select(i => i.Line));
            var second = Assert.IsType<PolicyMap>(listeners.Items[1]);
            Assert.Equal("8000-8100", Scalar(second.Entries[0].Value));
            var exposures = Assert.IsType<PolicyList>(second.Entries[1].Value);
            Assert.Equal(new object?[] { "LoopbackOnly", "AllInterfaces" }, exposures.Items.Select(Scalar));
            Assert.Equal(6379L, Scalar(Assert.IsType<PolicyMap>(listeners.Items[0]).Entries[0].Value));
        }

        [Theory]
        [InlineData("22", 22L)]
        [InlineData("-1", -1L)]
        [InlineData("- 1", -1L)]
        [InlineData("1kb", 1024L)]
        [InlineData("0x50", 80L)]
        [InlineData("0xFFFFFFFF", -1L)]
        [InlineData("0b101", 5L)]
        [InlineData("3000000000", 3000000000L)]
        [InlineData("22l", 22L)]
        [InlineData("255uy", 255L)]
        [InlineData("1.5", 1.5)]
        [InlineData(".5", 0.5)]
        [InlineData("1e3", 1000.0)]
        [InlineData("2d", 2.0)]
        [InlineData("9223372036854775808", 9223372036854775808.0)]
        [InlineData("$true", true)]
        [InlineData("$FALSE", false)]
        [InlineData("$null", null)]
        [InlineData("'it''s'", "it's")]
        [InlineData("\u2018smart\u2019", "smart")]
        [InlineData("\"tab`there `\"q`\" \"\"\"", "tab\there \"q\" \"")]
        [InlineData("\"cost: 5$\"", "cost: 5$")]
        [InlineData("\"`u{1F600}\"", "\U0001F600")]
        [InlineData("@'\nline 1\n'quoted'\n'@", "line 1\n'quoted'")]
        [InlineData("@\"\n`tx\n\"@", "\tx")]
        [InlineData("@'\n'@", "")]
        [InlineData("(22)", 22L)]
        [InlineData("<# block\ncomment #> 'x' # line comment", "x")]
        public void Constants_read_as_PowerShell_reads_them(string literal, object? expected)
        {
            Assert.Equal(expected, Scalar(Value("@{ a = " + literal + "\n}")));
        }

        [Fact]
        public void Lists_flatten_like_PowerShell()
        {
            // @( ) enumerates each statement's value one level, as PowerShell does; ,x is a list of one.
            Assert.Equal(new object?[] { 1L, 2L }, ((PolicyList)Value("@{ a = @( 1, 2 ) }")).Items.Select(Scalar));
            Assert.Equal(new object?[] { 1L, 2L, 3L }, ((PolicyList)Value("@{ a = @(\n 1\n 2; 3\n) }")).Items.Select(Scalar));
            Assert.Single(((PolicyList)Value("@{ a = ,1 }")).Items);
            Assert.Equal(2, ((PolicyList)Value("@{ a = @( (1, 2) ) }")).Items.Count);
            Assert.IsType<PolicyList>(Assert.Single(((PolicyList)Value("@{ a = @( ,(1, 2) ) }")).Items));
            Assert.Equal(new object?[] { "x", "y" }, ((PolicyList)Value("@{ a = 'x',\n  'y' }")).Items.Select(Scalar));
            Assert.Empty(((PolicyList)Value("@{ a = @() }")).Items);
            // Import-PowerShellDataFile gives two hashtables here: the second line is the array literal ,@{ b = 2 }.
            var leading = (PolicyList)Value("@{ a = @(\n  @{ a = 1 }\n  , @{ b = 2 }\n) }");
            Assert.Equal(2, leading.Items.Count);
            Assert.All(leading.Items, item => Assert.IsType<PolicyMap>(item));
        }

        [Theory]
        [InlineData("using namespace System\n@{ Listeners = @() }", 1, "'using' is not allowed")]
        [InlineData("using module ./Evil.psm1\n@{ Listeners = @() }", 1, "'using' is not allowed")]
        [InlineData("#requires -Modules Evil\n@{ Listeners = @() }", 1, "#requires is not allowed")]
        [InlineData("configuration C { }", 1, "'configuration' is not allowed")]
        [InlineData("@{ Listeners = @() }\nconfiguration C { }", 2, "'configuration' is not allowed")]
        [InlineData("@{\n a = configuration C { } }", 2, "'configuration' is not allowed")]
        [InlineData("class X { }\n@{ }", 1, "'class' is not allowed")]
        [InlineData("param($x)\n@{ }", 1, "'param' is not allowed")]
        [InlineData("@{ a = Get-Random }", 1, "not 'Get-Random'")]
        [InlineData("@{ a = (Get-Random) }", 1, "not 'Get-Random'")]
        [InlineData("@{ a = $env:HOME }", 1, "not '$env:HOME'")]
        [InlineData("@{ a = \"$(Get-Date)\" }", 1, "use single quotes")]
        [InlineData("@{ a = \"x $name\" }", 1, "use single quotes")]
        [InlineData("@{ a = [int]'1' }", 1, "not '[int]'1''")]
        [InlineData("@{ a = { 1 } }", 1, "not '{'")]
        [InlineData("@{ a = 1 + 2 }", 1, "not '+'")]
        [InlineData("@{ a = 1..5 }", 1, "only constants")]
        [InlineData("@{ a = 'x' -f 1 }", 1, "not '-f'")]
        [InlineData("@{ a = 1 } | Out-Null", 1, "not '|'")]
        [InlineData("@{ a = $true.GetType() }", 1, "only constants")]
        [InlineData("@{ a = 1abc }", 1, "not '1abc'")]
        [InlineData("@{ a = 1 }\n@{ b = 2 }", 2, "nothing after it")]
        [InlineData("@{ $k = 1 }", 1, "only constants")]
        public void Non_data_is_PolicyNotConstant_at_its_line(string psd1, int line, string words)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read(psd1, "f.psd1"));
            Assert.Equal("PolicyNotConstant", e.Error.Id);
            Assert.Equal(line, e.Line);
            Assert.Contains(words, e.Message);
        }

        [Theory]
        [InlineData("@{\n    Listeners = @(\n        @{ Port = 6379;\n    )\n}", 3, "Missing closing '}'")]
        [InlineData("@{ a = @( 1, 2 }", 1, "Missing closing ')'")]
        [InlineData("@{ a = 'open\n}", 1, "missing the terminator")]
        [InlineData("@{ a = @'\nx\n}", 1, "here-string")]
        [InlineData("@{ a = @' x\n'@ }", 1, "No characters are allowed after a here-string header")]
        [InlineData("@{ a }", 1, "Missing '=' operator")]
        [InlineData("@{ a = }", 1, "Missing statement after '='")]
        [InlineData("@{ a = 1 2 }", 1, "Unexpected token '2'")]
        [InlineData("@{ a = 9223372036854775808l }", 1, "too large")]
        [InlineData("@{ a = 300y }", 1, "too large")]
        [InlineData("@{ a = 1 } <# open", 1, "#> terminator")]
        [InlineData("@{ a = ( ) }", 1, "expression was expected")]
        [InlineData("@{ a = \"`u{110000}\" }", 1, "`u{...}")]
        public void Syntax_errors_name_the_line(string psd1, int line, string words)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read(psd1, "f.psd1"));
            Assert.Equal("PolicySyntaxError", e.Error.Id);
            Assert.Equal(line, e.Line);
            Assert.Contains(words, e.Message);
        }

        [Fact]
        public void Duplicate_keys_are_refused_case_insensitively_with_both_lines()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read("@{ Port = 1\n PORT = 2 }", "f.psd1"));
            Assert.Equal("PolicyDuplicateKey", e.Error.Id);
            Assert.Equal(2, e.Line);
            Assert.Contains("Duplicate keys 'PORT'", e.Message);
            Assert.Contains("first on line 1", e.Message);
        }

        [Fact]
        public void An_empty_file_says_what_a_policy_looks_like()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read("\uFEFF  # nothing\n\n", "f.psd1"));
            Assert.Equal("PolicyInvalidValue", e.Error.Id);
            Assert.Contains("empty", e.Message);
        }

        [Theory]
        [InlineData(",", "1")]
        [InlineData("@(", ")")]
        [InlineData("@{a=", "}")]
        [InlineData("(", ")")]
        public void Nesting_past_the_limit_is_PolicyTooDeep_not_a_stack_overflow(string open, string close)
        {
            // 12 KB of commas overflowed the stack of the old AST walk and ended the session.
            string opens = string.Concat(Enumerable.Repeat(open, 12000));
            string text = "@{ Listeners = " + opens + string.Concat(Enumerable.Repeat(close, open == "," ? 1 : 12000)) + " }";
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read(text, "deep.psd1"));
            Assert.Equal("PolicyTooDeep", e.Error.Id);
            Assert.Equal(1, e.Line);
            Assert.Contains("deep.psd1", e.Message);
        }

        [Fact]
        public void Nesting_up_to_the_limit_is_read()
        {
            string text = "@{ a = " + new string(',', PolicyDataFileReader.MaxDepth - 1) + "1 }";
            Assert.IsType<PolicyList>(Value(text));
        }

        [Fact]
        public void Control_characters_and_long_text_are_quoted_safely_in_messages()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyDataFileReader.Read("@{ a = \u001b[2J" + new string('x', 5000) + " }", "f.psd1"));
            Assert.Equal(-1, e.Message.IndexOf('\u001b'));
            Assert.Contains("\\x1b", e.Message);
            Assert.True(e.Message.Length < 300, e.Message);
        }

        [Fact]
        public void A_megabyte_policy_reads_in_one_linear_pass()
        {
            var text = new StringBuilder("@{\n  Listeners = @(\n");
            while (text.Length < 1024 * 1024)
            {
                text.Append("    @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server', '/usr/bin/x*' }\n");
            }

            text.Append("  )\n}\n");
            PolicyValidator.Validate(PolicyDataFileReader.Read("@{ Listeners = @( @{ Port = 1; Process = 'x' } ) }", "warm.psd1"), "warm.psd1");
            double best = double.MaxValue;
            for (int run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                var policy = PolicyValidator.Validate(PolicyDataFileReader.Read(text.ToString(), "big.psd1"), "big.psd1");
                best = System.Math.Min(best, watch.Elapsed.TotalSeconds);
                Assert.True(policy.Listeners.Count > 9000);
            }

            // A bound against quadratic blow-ups (the old reader took minutes at this size; this one takes about 0.2 s
            // on a quiet machine), generous enough for a machine shared by eight builds: not a benchmark.
            Assert.True(best < 5, $"{best:0.00} s for 1 MB");
        }
    }
}
