using LoopbackTools.Policy;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    public class PolicyJsonReaderTests
    {
        [Fact]
        public void Reads_ValuesWithTheirLines()
        {
            var root = Assert.IsType<PolicyMap>(PolicyJsonReader.Read("\uFEFF{\n  \"a\": [1, -2, 3.5, true, false, null],\n  // comment\n"
                + "  /* block\n comment */ \"b\": \"x\\ty\\u0041\\\\\"\n}", "f.json"));
            Assert.Equal(1, root.Line);
            Assert.Equal(("a", 2), (root.Entries[0].Key, root.Entries[0].Line));
            var list = Assert.IsType<PolicyList>(root.Entries[0].Value);
            Assert.Equal(new object?[] { 1L, -2L, 3.5, true, false, null }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(list.Items,
                i => ((PolicyScalar)i).Value)));
            Assert.Equal(("b", 5), (root.Entries[1].Key, root.Entries[1].Line));
            Assert.Equal("x\tyA\\", ((PolicyScalar)root.Entries[1].Value).Value);
        }

        [Theory]
        [InlineData("", 1, "empty")]
        [InlineData("{\n \"Listeners\": [\n { \"Port\": 22 }\n", 4, "ends inside")]
        [InlineData("{\n \"Listeners\": [ { Port: 22 } ] }", 2, "quoted key")]
        [InlineData("{ \"a\": 1 }\n{ }", 2, "after the end")]
        [InlineData("{ \"a\": 'x' }", 1, "double quotes")]
        [InlineData("{ \"a\": \"C:\\Users\" }", 1, "not a JSON escape")]
        [InlineData("{ \"a\": 1,\n\n }", 3, "quoted key")]
        [InlineData("{ \"a\": tru }", 1, "tru")]
        [InlineData("{ \"a\": \"x\n\" }", 1, "not closed")]
        public void SyntaxErrors_NameTheLine(string json, int line, string words)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read(json, "f.json"));
            Assert.Equal("PolicySyntaxError", e.Error.Id);
            Assert.Equal(line, e.Line);
            Assert.Contains(words, e.Message);
        }

        [Fact]
        public void DuplicateKeys_AreRejected_CaseInsensitively()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read("{ \"Port\": 1,\n \"PORT\": 2 }", "f.json"));
            Assert.Equal("PolicyDuplicateKey", e.Error.Id);
            Assert.Equal(2, e.Line);
        }

        [Fact]
        public void DeepNesting_IsPolicyTooDeep_NotAStackOverflow()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read(new string('[', 10000), "f.json"));
            Assert.Equal("PolicyTooDeep", e.Error.Id);
            Assert.Equal(1, e.Line);
            Assert.Contains("nested deeper than 64", e.Message);
        }

        [Theory]
        [InlineData("{ \"a\": 01 }", "cannot start with 0")]
        [InlineData("{ \"a\": -01 }", "cannot start with 0")]
        [InlineData("{ \"a\": 1. }", "decimal point must be followed by digits")]
        [InlineData("{ \"a\": .5 }", "where a value is expected")]
        [InlineData("{ \"a\": +1 }", "where a value is expected")]
        [InlineData("{ \"a\": - }", "is not a number")]
        [InlineData("{ \"a\": 1e }", "exponent must have digits")]
        [InlineData("{ \"a\": 1.5.3 }", "is not a number")]
        [InlineData("{ \"a\": 0x10 }", "is not a number")]
        [InlineData("{ \"a\": \"tab\there\" }", "control character (\\x09)")]
        [InlineData("{ \"a\": \"\\ud800\" }", "high surrogate")]
        [InlineData("{ \"a\": \"\\ud800\\u0041\" }", "high surrogate")]
        [InlineData("{ \"a\": \"\\udc00\" }", "low surrogate")]
        [InlineData("{ \"a\": \"\\u12G4\" }", "four hex digits")]
        public void NonJson_IsRefused(string json, string words)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read(json, "f.json"));
            Assert.Equal("PolicySyntaxError", e.Error.Id);
            Assert.Contains(words, e.Message);
        }

        [Fact]
        public void A_raw_lone_surrogate_in_the_text_IsRefused()
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read("{ \"a\": \"x" + '\ud800' + "\" }", "f.json"));
            Assert.Contains("half of a UTF-16 surrogate pair", e.Message);
        }

        [Theory]
        [InlineData("0", 0L)]
        [InlineData("-0", 0L)]
        [InlineData("10", 10L)]
        [InlineData("-2.5e-1", -0.25)]
        [InlineData("1E2", 100.0)]
        [InlineData("9223372036854775808", 9223372036854775808.0)]
        [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
        [InlineData("\"\U0001F600\"", "\U0001F600")]
        public void Json_IsRead(string value, object expected)
        {
            var root = Assert.IsType<PolicyMap>(PolicyJsonReader.Read("{ \"a\": " + value + " }", "f.json"));
            Assert.Equal(expected, ((PolicyScalar)root.Entries[0].Value).Value);
        }

        [Theory]
        [InlineData("{ \"a\": \u001b[31m }")]
        [InlineData("{ \"Listeners\": [] }\u001b[2J")] // found by the fuzzer: text after the value was quoted raw
        public void ControlCharactersInTheOffendingText_AreEscapedInTheMessage(string json)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyJsonReader.Read(json, "f.json"));
            Assert.Contains("\\x1b", e.Message);
            Assert.Equal(-1, e.Message.IndexOf('\u001b'));
        }
    }
}
