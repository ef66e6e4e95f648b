using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LoopbackTools.Errors;
using LoopbackTools.Tests.Help;
using Xunit;

namespace LoopbackTools.Tests.Errors
{
    /// <summary>The catalogue is the one home of ErrorIds, and about_LoopbackTools lists exactly what it holds.</summary>
    public sealed class ErrorCatalogueTests
    {
        [Fact]
        public void Ids_are_unique_and_every_entry_says_what_it_means()
        {
            var ids = ErrorCatalogue.All.Select(e => e.Id).ToList();
            Assert.True(ids.Count >= 40, $"only {ids.Count} entries: the reflection over the catalogue missed some");
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(ErrorCatalogue.All, e => Assert.Matches("^[A-Z][A-Za-z0-9]+$", e.Id));
            Assert.All(ErrorCatalogue.All, e => Assert.EndsWith(".", e.Meaning));
            Assert.All(ErrorCatalogue.All, e => Assert.True(Enum.IsDefined(typeof(ErrorKind), e.Kind), e.Id));
        }

        [Fact]
        public void About_topic_lists_every_id_with_its_category_and_meaning_and_nothing_else()
        {
            string about = File.ReadAllText(Path.Combine(HelpFixtures.RepositoryRoot(), "docs", "en-US", "about_LoopbackTools.md"));
            var listed = ListedIds(about);

            var expected = ErrorCatalogue.All.Select(e => $"{e.Id} ({e.Kind}): {e.Meaning}").ToList();
            Assert.Equal(expected, listed);
        }

        [Fact]
        public void Cmdlets_name_catalogue_entries_never_literal_ids()
        {
            string source = Path.Combine(HelpFixtures.RepositoryRoot(), "src", "LoopbackTools");
            var offenders = new List<string>();
            foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                string text = File.ReadAllText(file);
                if (Regex.IsMatch(text, @"ErrorRecords\.Create\(\s*""") || Regex.IsMatch(text, @"new ErrorRecord\("))
                {
                    offenders.Add(Path.GetFileName(file));
                }
            }

            // ErrorRecords.cs itself builds the one ErrorRecord; everything else goes through it.
            Assert.Equal(new[] { "ErrorRecords.cs" }, offenders);
        }

        /// <summary>The "- Id (Kind): meaning" items of the "### Error ids" section, continuation lines joined.</summary>
        private static List<string> ListedIds(string about)
        {
            var lines = about.Replace("\r\n", "\n").Split('\n');
            int start = Array.FindIndex(lines, l => l.Trim() == "### Error ids");
            Assert.True(start >= 0, "about_LoopbackTools has no '### Error ids' section");
            var items = new List<string>();
            for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("#", StringComparison.Ordinal); i++)
            {
                if (lines[i].StartsWith("- ", StringComparison.Ordinal))
                {
                    items.Add(lines[i].Substring(2).Trim());
                }
                else if (lines[i].StartsWith("  ", StringComparison.Ordinal) && items.Count > 0 && lines[i].Trim().Length > 0)
                {
                    items[items.Count - 1] += " " + lines[i].Trim();
                }
            }

            return items;
        }
    }
}
