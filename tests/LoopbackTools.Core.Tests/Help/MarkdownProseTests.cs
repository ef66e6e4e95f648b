using System.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>
    /// What Markdig's blocks become as prose: CommonMark decides the structure, the text stays as typed, and
    /// every unit keeps the line it starts on.
    /// </summary>
    public sealed class MarkdownProseTests
    {
        [Fact]
        public void Lists_keep_their_markers_and_nested_items_are_items_of_their_own()
        {
            Prose[] prose = Read("- outer `code`", "  - nested", "    continued", "1) ordered", "", "  second paragraph");

            Assert.Equal(
                new[] { (ProseKind.ListItem, "- outer `code`", 1), (ProseKind.ListItem, "- nested continued", 2) },
                prose.Take(2).Select(p => (p.Kind, p.Text, p.FirstTextLine)));
            Assert.Equal((ProseKind.ListItem, "1) ordered", 4), (prose[2].Kind, prose[2].Text, prose[2].FirstTextLine));
            Assert.Equal((ProseKind.Text, "second paragraph", 6), (prose[3].Kind, prose[3].Text, prose[3].FirstTextLine));
        }

        [Fact]
        public void A_number_that_starts_a_line_inside_a_paragraph_does_not_start_a_list()
        {
            Prose[] prose = Read("The default is", "1000. Then more.");

            Assert.Equal((ProseKind.Text, "The default is 1000. Then more."), (prose.Single().Kind, prose.Single().Text));
        }

        [Fact]
        public void Code_fenced_or_indented_and_tables_stay_verbatim()
        {
            Prose[] prose = Read(
                "```powershell", "# not a heading", "Get-Widget  ", "```", "", "    indented", "      code", "", "| a | b |", "| - | - |");

            Assert.Equal((ProseKind.Verbatim, "# not a heading\nGet-Widget", 2), (prose[0].Kind, prose[0].Text, prose[0].FirstTextLine));
            Assert.Equal((ProseKind.Verbatim, "indented\n  code", 6), (prose[1].Kind, prose[1].Text, prose[1].FirstTextLine));
            Assert.Equal((ProseKind.Verbatim, "| a | b |\n| - | - |", 9), (prose[2].Kind, prose[2].Text, prose[2].FirstTextLine));
        }

        [Fact]
        public void Headings_are_read_without_their_marks()
        {
            var page = MarkdownPage.Parse(new SourceFile("test.md", "# about_X\n\n## SEE ALSO ##\n\ntext"));
            Section top = Section.BuildTree(page).Children.Single();

            Assert.Equal("about_X", top.Title);
            Assert.Equal(("SEE ALSO", 3), (top.Children.Single().Title, top.Children.Single().Line));
        }

        [Fact]
        public void An_unclosed_fence_is_an_error_at_its_line()
        {
            var error = Assert.Throws<HelpSourceException>(() => MarkdownPage.Parse(new SourceFile("test.md", "text\n\n~~~~\ncode")));

            Assert.Equal(3, error.Line);
            Assert.Contains("missing closing ~~~~", error.Reason, System.StringComparison.Ordinal);
        }

        private static Prose[] Read(params string[] lines)
        {
            var page = MarkdownPage.Parse(new SourceFile("test.md", string.Join("\n", lines)));
            return ProseReader.Read(page, Section.BuildTree(page).AllBlocks()).ToArray();
        }
    }
}
