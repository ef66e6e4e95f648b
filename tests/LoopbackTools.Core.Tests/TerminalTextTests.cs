using Xunit;

namespace LoopbackTools.Tests
{
    public class TerminalTextTests
    {
        [Theory]
        [InlineData("nginx", "nginx")]
        [InlineData("evil\u001b[2J\u001b[31m", "evil\\x1b[2J\\x1b[31m")]
        [InlineData("a\rb\nc\td", "a\\x0db\\x0ac\\x09d")]
        [InlineData("csi\u009b31m", "csi\\x9b31m")]
        [InlineData("del\u007f", "del\\x7f")]
        [InlineData("bidi\u202egnp.exe", "bidi\\u202egnp.exe")]
        [InlineData("naïve ünïcode", "naïve ünïcode")]
        public void Escape_MakesControlCharactersVisible(string raw, string shown)
        {
            Assert.Equal(shown, TerminalText.Escape(raw));
        }

        [Fact]
        public void Escape_KeepsNullAndReturnsSameInstanceWhenClean()
        {
            Assert.Null(TerminalText.Escape(null));
            const string clean = "python3 -m http.server";
            Assert.Same(clean, TerminalText.Escape(clean));
        }

        [Theory]
        [InlineData("exactly ten", 11, "exactly ten")]
        [InlineData("one character too long", 21, "one character too ...")]
        [InlineData("\u001b[2J then a long tail of text", 10, "\\x1b[2J th...")]
        public void Quote_CutsToTheLimitThenEscapes(string text, int max, string quoted)
        {
            Assert.Equal(quoted, TerminalText.Quote(text, max));
        }

        [Theory]
        [InlineData("short text", 20, "short text")]
        [InlineData("one two three four", 9, "one two\nthree\nfour")]
        [InlineData("one two three four", 7, "one two\nthree\nfour")]
        [InlineData("a  spaced   text", 8, "a spaced\ntext")]
        [InlineData("abcdefghij k", 4, "abcd\nefgh\nij k")]
        [InlineData("x 127.0.0.1:8080", 10, "x\n127.0.0.1:\n8080")]
        public void Wrap_BreaksAtSpacesAndCutsOnlyWordsLongerThanALine(string text, int width, string wrapped)
        {
            Assert.Equal(wrapped, TerminalText.Wrap(text, width));
        }

        [Fact]
        public void Wrap_EscapesFirst_SoNoRawNewlineOrEscapeOfTheTextReachesTheTerminal()
        {
            string? wrapped = TerminalText.Wrap("name evil\u001b[2J\nname ends here", 12);
            Assert.Equal("name\nevil\\x1b[2J\\\nx0aname ends\nhere", wrapped);
            Assert.DoesNotContain('\u001b', wrapped!);
        }

        [Fact]
        public void Wrap_KeepsEveryLineWithinTheWidth()
        {
            const string message = "TCP port 3000 is already in use: python3 (PID 8008) listens on 127.0.0.1:3000, so a new listener "
                + "is refused (address already in use).";
            foreach (int width in new[] { 10, 23, 40, 72 })
            {
                string wrapped = TerminalText.Wrap(message, width)!;
                Assert.All(wrapped.Split('\n'), line => Assert.InRange(line.Length, 1, width));
                Assert.Equal(message.Replace(" ", string.Empty), wrapped.Replace("\n", string.Empty).Replace(" ", string.Empty));
            }

            Assert.Null(TerminalText.Wrap(null, 40));
        }
    }
}
