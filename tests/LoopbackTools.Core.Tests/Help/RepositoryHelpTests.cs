using System.IO;
using System.Linq;
using System.Xml.Linq;
using LoopbackTools.HelpCompiler;
using Xunit;

namespace LoopbackTools.Tests.Help
{
    /// <summary>
    /// The repository's own docs/en-US compiles, and what it says is complete enough to be worth shipping:
    /// a doc edit that breaks the schema fails here, in dotnet test, before any PowerShell is started.
    /// </summary>
    public sealed class RepositoryHelpTests
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        [Fact]
        public void Repository_docs_compile_into_complete_help()
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(Path.Combine(HelpFixtures.RepositoryRoot(), "docs", "en-US"), output.Path);

            XDocument maml = XDocument.Load(output.Combine("LoopbackTools.dll-Help.xml"));
            XElement[] commands = maml.Root!.Elements(Command + "command").ToArray();
            Assert.NotEmpty(commands);
            foreach (XElement command in commands)
            {
                string name = command.Element(Command + "details")!.Element(Command + "name")!.Value;
                XElement[] examples = command.Element(Command + "examples")!.Elements(Command + "example").ToArray();
                Assert.True(examples.Length >= 5, $"{name} has {examples.Length} examples; the docs promise at least five");
                Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(Dev + "code")!.Value), $"{name}: example without code"));
                Assert.All(examples, e => Assert.Contains(e.Element(Dev + "remarks")!.Elements(Maml + "para"), p => p.Value.Trim().Length > 0));

                XElement[] parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToArray();
                Assert.NotEmpty(parameters);
                Assert.All(parameters, p => Assert.NotNull(p.Element(Maml + "description")));
                Assert.NotNull(command.Element(Command + "returnValues"));
                Assert.NotNull(command.Element(Maml + "alertSet"));
            }
        }

        [Fact]
        public void Repository_about_topic_fits_80_columns()
        {
            using var output = new TempFolder();
            DocsCompiler.Compile(Path.Combine(HelpFixtures.RepositoryRoot(), "docs", "en-US"), output.Path);

            string[] lines = File.ReadAllLines(output.Combine("about_LoopbackTools.help.txt"));
            Assert.Equal("TOPIC", lines[0]);
            Assert.Equal("    about_LoopbackTools", lines[1]);
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        }
    }
}
