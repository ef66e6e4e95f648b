using System.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    public sealed class TextWrapperTests
    {
        [Fact]
        public void A_line_of_exactly_the_width_stays_whole_and_one_more_character_wraps()
        {
            string word76 = new string('a', 70) + " bbbbb";

            Assert.Equal(new[] { "    " + word76 }, TextWrapper.Wrap(word76, "    ", "    ", 80));
            Assert.Equal(new[] { "    " + new string('a', 70), "    bbbbbb" }, TextWrapper.Wrap(word76 + "b", "    ", "    ", 80));
        }

        [Fact]
        public void A_word_longer_than_the_line_gets_a_line_of_its_own()
        {
            string url = "https://example.invalid/" + new string('x', 80);

            var lines = TextWrapper.Wrap("see " + url + " now", "    ", "    ", 80);

            Assert.Equal(new[] { "    see", "    " + url, "    now" }, lines);
        }

        [Fact]
        public void Continuation_lines_use_the_hanging_indent_and_spaces_collapse()
        {
            var lines = TextWrapper.Wrap("- one   two three", "  ", "    ", 11);

            Assert.Equal(new[] { "  - one two", "    three" }, lines);
            Assert.True(lines.All(l => l.Length <= 11));
        }
    }
}
