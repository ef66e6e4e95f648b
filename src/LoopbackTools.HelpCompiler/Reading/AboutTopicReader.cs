using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads a platyPS about-topic page: "# about_Name", then "## SHORT DESCRIPTION", "## LONG DESCRIPTION" and
    /// any further "## SECTION" with "###" sub-headings. Get-Help finds the topic by its file name, so the
    /// heading must match the file name.
    /// </summary>
    internal static class AboutTopicReader
    {
        public static AboutTopic Read(SourceFile file)
        {
            MarkdownPage page = MarkdownPage.Parse(file);
            FrontMatter frontMatter = FrontMatter.Read(page);
            string? documentType = frontMatter.Text(frontMatter.DocumentType, "document type");
            if (documentType != null && !string.Equals(documentType, "about", StringComparison.OrdinalIgnoreCase))
            {
                int line = frontMatter.LineOf(frontMatter.DocumentType);
                throw file.ErrorAtLine(line, $"an about_ page has 'document type: about', not '{documentType}'");
            }

            Section root = Section.BuildTree(page);
            if (root.Body.Count > 0)
            {
                throw file.ErrorAtLine(root.Body[0].FileLine(), "text before the '# about_Name' heading");
            }

            if (root.Children.Count != 1 || root.Children[0].Level != 1)
            {
                int line = root.Children.Count > 1 ? root.Children[1].Line : root.Children.Count == 1 ? root.Children[0].Line : frontMatter.BodyLine;
                throw file.ErrorAtLine(line, "an about_ page has exactly one '# about_Name' heading, at the top");
            }

            Section top = root.Children[0];
            string name = top.Title.Trim();
            string fileName = Path.GetFileNameWithoutExtension(file.Path);
            if (!string.Equals(name, fileName, StringComparison.Ordinal) || !name.StartsWith("about_", StringComparison.Ordinal))
            {
                throw file.ErrorAtLine(top.Line, $"the heading '# {name}' must be the file's name, '# {fileName}' (an about_ name)");
            }

            if (top.Body.Count > 0)
            {
                throw file.ErrorAtLine(top.Body[0].FileLine(), "text between '# " + name + "' and '## SHORT DESCRIPTION' belongs in a section");
            }

            var sections = new List<AboutSection>();
            foreach (Section child in top.Children)
            {
                if (child.Level != 2)
                {
                    throw file.ErrorAtLine(child.Line, "expected a '## SECTION' heading");
                }

                string title = child.Title.Trim();
                if (sections.Any(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase)))
                {
                    throw file.ErrorAtLine(child.Line, $"section '## {title}' appears twice");
                }

                IReadOnlyList<Prose> content = ProseReader.Read(page, child.AllBlocks());
                CheckCodeFits(file, content);
                sections.Add(new AboutSection(title, content));
            }

            AboutSection? shortDescription = sections.FirstOrDefault(s => string.Equals(s.Title, "SHORT DESCRIPTION",
                StringComparison.OrdinalIgnoreCase));
            if (shortDescription == null || shortDescription.Content.Count == 0)
            {
                throw file.ErrorAtLine(top.Line, "an about_ page needs a non-empty '## SHORT DESCRIPTION'");
            }

            if (!sections.Any(s => string.Equals(s.Title, "LONG DESCRIPTION", StringComparison.OrdinalIgnoreCase) && s.Content.Count > 0))
            {
                throw file.ErrorAtLine(top.Line, "an about_ page needs a non-empty '## LONG DESCRIPTION'");
            }

            return new AboutTopic(name, sections);
        }

        /// <summary>
        /// Prose is re-wrapped to 80 columns but code cannot be (a broken command line does not run), so code
        /// that would overflow once indented is an error for the author to shorten.
        /// </summary>
        private static void CheckCodeFits(SourceFile file, IReadOnlyList<Prose> content)
        {
            int limit = AboutTopicWriter.Width - AboutTopicWriter.CodeIndent.Length;
            foreach (Prose prose in content.Where(p => p.Kind == ProseKind.Verbatim))
            {
                string[] lines = prose.Text.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Length > limit)
                    {
                        throw file.ErrorAtLine(prose.FirstTextLine + i, $"code line is {lines[i].Length} characters; about topics allow {limit} so "
                            + "that it fits 80 columns once indented");
                    }
                }
            }
        }
    }
}
