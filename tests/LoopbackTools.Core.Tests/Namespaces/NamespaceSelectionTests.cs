using System.Linq;
using LoopbackTools.Errors;
using LoopbackTools.Namespaces;
using Xunit;

namespace LoopbackTools.Tests.Namespaces
{
    public class NamespaceSelectionTests
    {
        [Theory]
        [InlineData("Current", "Current")]
        [InlineData("current", "Current")]
        [InlineData("ALL", "All")]
        [InlineData("blue", "Name")]
        [InlineData("cni-8245c61b-c493-4149-55a3-3a68faa5f6d5", "Name")]
        [InlineData("4242", "ProcessId")]
        [InlineData("4194304", "ProcessId")]
        [InlineData("4194305", "Inode")]
        [InlineData("4026531840", "Inode")]
        [InlineData("net:[4026531840]", "Inode")]
        [InlineData("net:[12]", "Inode")]
        public void Each_value_says_what_it_names(string text, string kind)
        {
            Assert.Equal(kind, NamespaceSelection.ParseOne(text).Kind.ToString());
        }

        [Fact]
        public void Numbers_carry_their_value()
        {
            Assert.Equal(4242, NamespaceSelection.ParseOne("4242").ProcessId);
            Assert.Equal(4026531840UL, NamespaceSelection.ParseOne("net:[4026531840]").Inode);
            Assert.Equal("blue", NamespaceSelection.ParseOne(" blue ").Name);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("0")]
        [InlineData("a/b")]
        [InlineData("..")]
        [InlineData("net:[blue]")]
        [InlineData("net:[0]")]
        [InlineData("99999999999999999999999")]
        [InlineData("bad\u001b[31mname")]
        public void Text_that_names_no_namespace_is_InvalidNetworkNamespace(string text)
        {
            var e = Assert.Throws<LoopbackToolsException>(() => NamespaceSelection.ParseOne(text));

            Assert.Same(ErrorCatalogue.InvalidNetworkNamespace, e.Error);
            Assert.Equal(text, e.Target);
            Assert.DoesNotContain('\u001b', e.Message);
        }

        [Fact]
        public void No_value_is_the_callers_own_namespace()
        {
            Assert.True(NamespaceSelection.Parse(null).IsCurrentOnly);
            Assert.True(NamespaceSelection.Parse(new string[0]).IsCurrentOnly);
            Assert.True(NamespaceSelection.Parse(new[] { "Current", "current" }).IsCurrentOnly);
            Assert.False(NamespaceSelection.Parse(new[] { "Current", "blue" }).IsCurrentOnly);
            Assert.True(NamespaceSelection.Parse(new[] { "blue", "All" }).IncludesAll);
            Assert.Equal(2, NamespaceSelection.Parse(new[] { "blue", "All" }).Specs.Count());
        }
    }
}
