using System.Linq;
using LoopbackTools.Completion;
using Xunit;

namespace LoopbackTools.Tests.Completion
{
    public class NameCompletionTests
    {
        [Fact]
        public void Offers_each_matching_name_once_sorted_case_insensitively()
        {
            var names = new[] { "sshd", "nginx", "Nginx", "node", null, "", "nginx", "python3" };
            var offered = NameCompletion.Complete(names, "n");
            Assert.Equal(new[] { "nginx", "node" }, offered.Select(o => o.Name.ToLowerInvariant()));
        }

        [Fact]
        public void Quotes_and_wildcards_in_what_was_typed_are_honoured()
        {
            var names = new[] { "python3", "pwsh", "postgres" };
            Assert.Equal(new[] { "pwsh", "python3" }, NameCompletion.Complete(names, "'p[wy]").Select(o => o.Name));
            Assert.Equal(3, NameCompletion.Complete(names, string.Empty).Count);
            Assert.Equal(3, NameCompletion.Complete(names, null).Count);
        }

        [Theory]
        [InlineData("nginx", "nginx")]
        [InlineData("Web Content", "'Web Content'")]
        [InlineData("it's", "'it''s'")]
        [InlineData("a$b", "'a$b'")]
        [InlineData("kworker/0:1", "kworker/0:1")]
        [InlineData("x[1]*", "x?1??")]
        [InlineData("-dash", "'-dash'")]
        public void Inserts_one_harmless_argument_that_still_matches_the_name(string name, string text)
        {
            Assert.Equal(text, NameCompletion.ArgumentText(name));
            Assert.True(LoopbackTools.Classification.WildcardProgram.Compile(text.Trim('\'').Replace("''", "'")).IsMatch(name));
        }

        [Theory]
        [InlineData("blue", "blue")]
        [InlineData("x[1]", "x[1]")]
        [InlineData("a&b", "'a&b'")]
        [InlineData("-n", "'-n'")]
        [InlineData("it's", "'it''s'")]
        public void Other_values_are_quoted_the_same_way_without_touching_wildcards(string value, string text)
        {
            // -NetworkNamespace names are no patterns: only the quoting of process names applies.
            Assert.Equal(text, NameCompletion.QuotedArgument(value));
        }

        [Fact]
        public void Names_with_control_characters_are_never_offered()
        {
            var offered = NameCompletion.Complete(new[] { "evil\u001b[2J", "good", "bidi\u202e" }, string.Empty);
            Assert.Equal(new[] { "good" }, offered.Select(o => o.Name));
        }
    }
}
