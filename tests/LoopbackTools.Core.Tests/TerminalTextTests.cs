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
    }
}
