using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LoopbackTools.Tests.Help;
using Xunit;

namespace LoopbackTools.Tests.Architecture
{
    /// <summary>
    /// Code lines stay under 150 characters (issue 11, B.6), so a diff or a review fits one screen and nobody scrolls
    /// sideways. Covers the C# of src/ and tests/, the PowerShell of tests/ and build.ps1; fuzz corpora and test fixtures
    /// are data, kept byte for byte as they were captured, so they are left out.
    /// </summary>
    public sealed class LineLengthTests
    {
        private const int Limit = 150;

        [Fact]
        public void Code_lines_are_under_150_characters()
        {
            var tooLong = LongLines().ToList();

            Assert.True(tooLong.Count == 0,
                $"{tooLong.Count} line(s) over {Limit} characters; wrap them:\n"
                + string.Join("\n", tooLong.Select(l => $"{l.Path}:{l.Line} ({l.Length})")));
        }

        [Fact]
        public void The_scan_sees_the_code_it_guards()
        {
            // A root or pattern gone wrong would make the test above pass on nothing.
            var files = CodeFiles().ToList();
            Assert.Contains("build.ps1", files);
            Assert.Contains("src/LoopbackTools.Core/TerminalText.cs", files);
            Assert.Contains("tests/LoopbackTools.Core.Tests/Architecture/LineLengthTests.cs", files);
            Assert.Contains(files, f => f.StartsWith("tests/Pester/", StringComparison.Ordinal) && f.EndsWith(".ps1", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(".psm1", StringComparison.Ordinal));
            Assert.DoesNotContain(files, f => f.Contains("/obj/") || f.Contains("/bin/") || f.Contains("/Corpus/") || f.Contains("/Fixtures/"));
        }

        private static IEnumerable<(string Path, int Line, int Length)> LongLines()
        {
            string root = HelpFixtures.RepositoryRoot();
            foreach (string file in CodeFiles())
            {
                int number = 0;
                foreach (string line in File.ReadLines(Path.Combine(root, file)))
                {
                    number++;
                    if (line.Length > Limit)
                    {
                        yield return (file, number, line.Length);
                    }
                }
            }
        }

        /// <summary>Repository-relative paths with forward slashes, in a stable order.</summary>
        private static IEnumerable<string> CodeFiles()
        {
            string root = HelpFixtures.RepositoryRoot();
            var files = new List<string>();
            if (File.Exists(Path.Combine(root, "build.ps1")))
            {
                files.Add("build.ps1");
            }

            Collect(root, Path.Combine(root, "src"), new[] { ".cs" }, files);
            Collect(root, Path.Combine(root, "tests"), new[] { ".cs", ".ps1", ".psm1" }, files);
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        private static void Collect(string root, string directory, string[] extensions, List<string> files)
        {
            if (!Directory.Exists(directory))
            {
                return;
            }

            foreach (string file in Directory.EnumerateFiles(directory))
            {
                if (extensions.Contains(Path.GetExtension(file), StringComparer.Ordinal))
                {
                    files.Add(Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
                }
            }

            foreach (string sub in Directory.EnumerateDirectories(directory))
            {
                // Build output, and data kept exactly as captured (fuzz corpora, parser fixtures).
                string name = Path.GetFileName(sub);
                if (name is "bin" or "obj" or "Corpus" or "Fixtures")
                {
                    continue;
                }

                Collect(root, sub, extensions, files);
            }
        }
    }
}
