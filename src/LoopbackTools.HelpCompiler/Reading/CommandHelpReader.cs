using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads one cmdlet page in the platyPS 2 markdown schema (2024-05-01) and checks it against itself:
    /// the syntax blocks, the parameter sets named in the yaml blocks and the documented parameters must
    /// agree, because Get-Help shows all three and a mismatch is a doc bug a reader would trip over.
    /// </summary>
    internal static class CommandHelpReader
    {
        public const string SchemaVersion = "2024-05-01";

        private static readonly string[] KnownSections =
        {
            "SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private static readonly Regex CommandName = new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex ParameterName = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        // "-Name" not preceded by a word character or dash, so "Get-LoopbackEndpoint" is not a parameter.
        private static readonly Regex SyntaxParameter = new Regex(@"(?<![\w-])-([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
        private static readonly Regex ListMarker = new Regex(@"^([-*+]|\d{1,9}[.)])\s+", RegexOptions.CultureInvariant);
        private static readonly Regex MarkdownLink = new Regex(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)$", RegexOptions.CultureInvariant);

        /// <summary>Reads a page; returns null for a module page ("document type: module"), which has no MAML.</summary>
        public static CommandHelp? Read(SourceFile file)
        {
            MarkdownPage page = MarkdownPage.Parse(file);
            FrontMatter frontMatter = FrontMatter.Read(page);
            if (!frontMatter.IsPresent)
            {
                throw file.ErrorAtLine(1, "missing front matter: a cmdlet page starts with a '---' block holding 'document type: cmdlet'");
            }

            string? documentType = frontMatter.Text(frontMatter.DocumentType, "document type");
            if (documentType == null)
            {
                throw file.ErrorAtLine(frontMatter.Line, "front matter has no 'document type'");
            }

            if (string.Equals(documentType, "module", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (!string.Equals(documentType, "cmdlet", StringComparison.OrdinalIgnoreCase))
            {
                int line = frontMatter.LineOf(frontMatter.DocumentType);
                throw file.ErrorAtLine(line, $"document type '{documentType}' is neither 'cmdlet' nor 'module'");
            }

            string? schema = frontMatter.Text(frontMatter.SchemaVersion, "PlatyPS schema version");
            if (schema != SchemaVersion)
            {
                throw file.ErrorAtLine(
                    frontMatter.LineOf(frontMatter.SchemaVersion),
                    $"'PlatyPS schema version' must be {SchemaVersion}, found '{schema ?? "nothing"}'");
            }

            string? helpFile = frontMatter.Text(frontMatter.ExternalHelpFile, "external help file");
            if (helpFile == null || helpFile.IndexOfAny(new[] { '/', '\\' }) >= 0 || !helpFile.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                throw file.ErrorAtLine(
                    frontMatter.LineOf(frontMatter.ExternalHelpFile),
                    "'external help file' must name the MAML file, e.g. 'LoopbackTools.dll-Help.xml'");
            }

            Section root = Section.BuildTree(page);
            Section top = ReadTitle(file, frontMatter, root);
            string name = top.Title.Trim();

            Dictionary<string, Section> sections = ReadSections(file, top);
            IReadOnlyList<Prose> synopsis = RequiredProse(page, top, sections, "SYNOPSIS");
            Require(file, top, sections, "SYNTAX");
            IReadOnlyList<Prose> description = RequiredProse(page, top, sections, "DESCRIPTION");
            IReadOnlyList<ParameterHelp> parameters = ReadParameters(page, Require(file, top, sections, "PARAMETERS"));
            IReadOnlyList<SyntaxSet> syntaxSets = ReadSyntax(file, sections["SYNTAX"], parameters);
            IReadOnlyList<ExampleHelp> examples = ReadExamples(page, Require(file, top, sections, "EXAMPLES"));

            var links = new List<RelatedLink>();
            string? helpUri = frontMatter.Text(frontMatter.HelpUri, "HelpUri");
            if (!string.IsNullOrWhiteSpace(helpUri))
            {
                // platyPS puts the online page first: Get-Help -Online opens the first link that has a URI.
                links.Add(new RelatedLink("Online Version:", helpUri));
            }

            links.AddRange(ReadLinks(page, sections));

            return new CommandHelp(
                name,
                helpFile,
                synopsis,
                description,
                syntaxSets,
                parameters,
                examples,
                ReadTypes(page, sections, "INPUTS"),
                ReadTypes(page, sections, "OUTPUTS"),
                sections.TryGetValue("NOTES", out Section? notes) ? ProseReader.Read(page, notes.AllBlocks()) : Array.Empty<Prose>(),
                links);
        }

        /// <summary>The single "# Verb-Noun" heading, which must match the file name and the front matter title.</summary>
        private static Section ReadTitle(SourceFile file, FrontMatter frontMatter, Section root)
        {
            if (root.Body.Count > 0)
            {
                throw file.ErrorAtLine(root.Body[0].FileLine(), "text before the '# Verb-Noun' heading");
            }

            if (root.Children.Count == 0 || root.Children[0].Level != 1)
            {
                int line = root.Children.Count == 0 ? frontMatter.BodyLine : root.Children[0].Line;
                throw file.ErrorAtLine(line, "the page must start with a '# Verb-Noun' heading");
            }

            if (root.Children.Count > 1)
            {
                throw file.ErrorAtLine(root.Children[1].Line, "a cmdlet page has exactly one '# Verb-Noun' heading");
            }

            Section top = root.Children[0];
            string name = top.Title.Trim();
            if (!CommandName.IsMatch(name))
            {
                throw file.ErrorAtLine(top.Line, $"'{name}' is not a Verb-Noun command name");
            }

            string fileName = Path.GetFileNameWithoutExtension(file.Path);
            if (!string.Equals(fileName, name, StringComparison.OrdinalIgnoreCase))
            {
                throw file.ErrorAtLine(top.Line, $"the page documents '{name}' but the file is named '{fileName}.md'");
            }

            string? title = frontMatter.Text(frontMatter.Title, "title");
            if (title != null && !string.Equals(title, name, StringComparison.Ordinal))
            {
                throw file.ErrorAtLine(frontMatter.LineOf(frontMatter.Title), $"front matter title '{title}' does not match the heading '# {name}'");
            }

            if (top.Body.Count > 0)
            {
                throw file.ErrorAtLine(top.Body[0].FileLine(), "text between '# " + name + "' and '## SYNOPSIS' belongs in a section");
            }

            return top;
        }

        private static Dictionary<string, Section> ReadSections(SourceFile file, Section top)
        {
            var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
            foreach (Section child in top.Children)
            {
                string title = child.Title.Trim();
                if (child.Level != 2)
                {
                    throw file.ErrorAtLine(child.Line, $"expected a '## SECTION' heading, found '{new string('#', child.Level)} {title}'");
                }

                if (!KnownSections.Contains(title, StringComparer.Ordinal))
                {
                    string? upper = KnownSections.FirstOrDefault(s => string.Equals(s, title, StringComparison.OrdinalIgnoreCase));
                    throw file.ErrorAtLine(
                        child.Line,
                        upper != null ? $"write '## {upper}' in upper case, as platyPS does" : $"unknown section '## {title}'");
                }

                if (sections.ContainsKey(title))
                {
                    throw file.ErrorAtLine(child.Line, $"section '## {title}' appears twice");
                }

                sections.Add(title, child);
            }

            return sections;
        }

        private static Section Require(SourceFile file, Section top, Dictionary<string, Section> sections, string title)
        {
            if (!sections.TryGetValue(title, out Section? section))
            {
                throw file.ErrorAtLine(top.Line, $"missing section '## {title}'");
            }

            return section;
        }

        private static IReadOnlyList<Prose> RequiredProse(MarkdownPage page, Section top, Dictionary<string, Section> sections, string title)
        {
            Section section = Require(page.File, top, sections, title);
            IReadOnlyList<Prose> prose = ProseReader.Read(page, section.AllBlocks());
            if (prose.Count == 0)
            {
                throw page.File.ErrorAtLine(section.Line, $"section '## {title}' is empty");
            }

            return prose;
        }

        /// <summary>Sections made of "### item" headings only: loose text would have no place in MAML.</summary>
        private static void RequireOnlySubsections(SourceFile file, Section section, string what)
        {
            if (section.Body.Count > 0)
            {
                throw file.ErrorAtLine(section.Body[0].FileLine(), $"text under '## {section.Title.Trim()}' belongs under a '### {what}' heading");
            }

            foreach (Section child in section.Children)
            {
                if (child.Level != 3)
                {
                    throw file.ErrorAtLine(child.Line, $"expected a '### {what}' heading under '## {section.Title.Trim()}'");
                }
            }
        }

        private static IReadOnlyList<ParameterHelp> ReadParameters(MarkdownPage page, Section section)
        {
            SourceFile file = page.File;
            RequireOnlySubsections(file, section, "-ParameterName");
            var parameters = new List<ParameterHelp>();
            foreach (Section child in section.Children)
            {
                string title = child.Title.Trim();
                if (title == "CommonParameters" || title == "WorkflowCommonParameters")
                {
                    // Get-Help adds the common parameters itself from the command's metadata.
                    continue;
                }

                string name = title.StartsWith("-", StringComparison.Ordinal) ? title.Substring(1).Trim() : string.Empty;
                if (!ParameterName.IsMatch(name))
                {
                    throw file.ErrorAtLine(child.Line, $"a parameter heading is '### -Name', found '### {title}'");
                }

                if (parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw file.ErrorAtLine(child.Line, $"parameter -{name} is documented twice");
                }

                if (child.Children.Count > 0)
                {
                    throw file.ErrorAtLine(child.Children[0].Line, $"unexpected heading inside the entry for -{name}");
                }

                int yamlIndex = -1;
                for (int i = 0; i < child.Body.Count; i++)
                {
                    if (child.Body[i] is FencedCodeBlock code && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                    {
                        if (yamlIndex >= 0)
                        {
                            throw file.ErrorAtLine(code.FileLine(), $"-{name} has more than one ```yaml block");
                        }

                        yamlIndex = i;
                    }
                }

                if (yamlIndex < 0)
                {
                    throw file.ErrorAtLine(child.Line, $"-{name} has no ```yaml block with its Type and ParameterSets");
                }

                if (yamlIndex < child.Body.Count - 1)
                {
                    int line = child.Body[yamlIndex + 1].FileLine();
                    throw file.ErrorAtLine(line, $"text after the yaml block of -{name}: the description goes above it");
                }

                IReadOnlyList<Prose> description = ProseReader.Read(page, child.Body.Take(yamlIndex));
                parameters.Add(ParameterBlockReader.Read(file, name, child.Line, description, (FencedCodeBlock)child.Body[yamlIndex]));
            }

            return parameters;
        }

        private static IReadOnlyList<SyntaxSet> ReadSyntax(SourceFile file, Section section, IReadOnlyList<ParameterHelp> parameters)
        {
            RequireOnlySubsections(file, section, "ParameterSetName");
            if (section.Children.Count == 0)
            {
                throw file.ErrorAtLine(section.Line, "'## SYNTAX' needs a '### ParameterSetName' heading with a code block for each parameter set");
            }

            var sets = new List<SyntaxSet>();
            foreach (Section child in section.Children)
            {
                string title = child.Title.Trim();
                bool isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                string setName = isDefault ? title.Substring(0, title.Length - "(Default)".Length).Trim() : title;
                if (sets.Any(s => string.Equals(s.Name, setName, StringComparison.OrdinalIgnoreCase)))
                {
                    throw file.ErrorAtLine(child.Line, $"parameter set '{setName}' is listed twice");
                }

                FencedCodeBlock? code = child.Body.OfType<FencedCodeBlock>().FirstOrDefault();
                if (code == null)
                {
                    throw file.ErrorAtLine(child.Line, $"parameter set '{setName}' has no syntax code block");
                }

                var order = new List<string>();
                IReadOnlyList<string> codeLines = MarkdownPage.CodeLines(code);
                for (int i = 0; i < codeLines.Count; i++)
                {
                    foreach (Match match in SyntaxParameter.Matches(codeLines[i]))
                    {
                        string token = match.Groups[1].Value;
                        ParameterHelp? parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, token, StringComparison.OrdinalIgnoreCase));
                        int line = code.FileLine() + 1 + i;
                        if (parameter == null)
                        {
                            throw file.ErrorAtLine(line, $"the syntax of '{setName}' uses -{token}, which '## PARAMETERS' does not document");
                        }

                        if (parameter.EntryFor(setName) == null)
                        {
                            throw file.ErrorAtLine(line, $"-{parameter.Name} is in the syntax of '{setName}' but its ParameterSets include neither "
                                + $"'{setName}' nor (All)");
                        }

                        if (!order.Contains(parameter.Name))
                        {
                            order.Add(parameter.Name);
                        }
                    }
                }

                foreach (ParameterHelp parameter in parameters)
                {
                    if (!parameter.DontShow && parameter.EntryFor(setName) != null && !order.Contains(parameter.Name))
                    {
                        throw file.ErrorAtLine(child.Line, $"-{parameter.Name} belongs to parameter set '{setName}' but its syntax block does not "
                            + "show it");
                    }
                }

                sets.Add(new SyntaxSet(setName, isDefault, child.Line, order));
            }

            foreach (ParameterHelp parameter in parameters)
            {
                foreach (ParameterSetEntry entry in parameter.ParameterSets)
                {
                    if (!entry.IsAllSets && !sets.Any(s => string.Equals(s.Name, entry.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw file.ErrorAtLine(entry.Line, $"-{parameter.Name} names parameter set '{entry.Name}', which '## SYNTAX' does not list");
                    }
                }
            }

            return sets;
        }

        private static IReadOnlyList<ExampleHelp> ReadExamples(MarkdownPage page, Section section)
        {
            SourceFile file = page.File;
            RequireOnlySubsections(file, section, "Example N: title");
            if (section.Children.Count == 0)
            {
                throw file.ErrorAtLine(section.Line, "'## EXAMPLES' needs at least one '### Example N: title' with a code block");
            }

            var examples = new List<ExampleHelp>();
            foreach (Section child in section.Children)
            {
                string title = child.Title.Trim();
                if (child.Children.Count > 0)
                {
                    throw file.ErrorAtLine(child.Children[0].Line, $"unexpected heading inside example '{title}'");
                }

                FencedCodeBlock? code = child.Body.OfType<FencedCodeBlock>().FirstOrDefault();
                if (code == null)
                {
                    throw file.ErrorAtLine(child.Line, $"example '{title}' has no code block");
                }

                // Text before the code reads as an introduction in markdown; MAML has only remarks after the
                // code, so it joins the remarks in file order rather than being lost.
                IReadOnlyList<Prose> remarks = ProseReader.Read(page, child.Body.Where(b => !ReferenceEquals(b, code)));
                examples.Add(new ExampleHelp(title, string.Join("\n", MarkdownPage.CodeLines(code)), remarks));
            }

            return examples;
        }

        private static IReadOnlyList<TypeHelp> ReadTypes(MarkdownPage page, Dictionary<string, Section> sections, string title)
        {
            if (!sections.TryGetValue(title, out Section? section))
            {
                return Array.Empty<TypeHelp>();
            }

            RequireOnlySubsections(page.File, section, "TypeName");
            return section.Children.Select(c => new TypeHelp(c.Title.Trim(), ProseReader.Read(page, c.AllBlocks()))).ToList();
        }

        private static IEnumerable<RelatedLink> ReadLinks(MarkdownPage page, Dictionary<string, Section> sections)
        {
            if (!sections.TryGetValue("RELATED LINKS", out Section? section))
            {
                yield break;
            }

            foreach (Block block in section.AllBlocks())
            {
                if (!(block is ParagraphBlock || block is ListBlock))
                {
                    throw page.File.ErrorAtLine(block.FileLine(), "'## RELATED LINKS' holds one link per line: '- [text](uri)' or a topic name");
                }

                foreach (string raw in page.SourceLines(block).Where(l => l.Trim().Length > 0))
                {
                    string line = ListMarker.Replace(raw.Trim(), string.Empty, 1);
                    Match link = MarkdownLink.Match(line);
                    if (!link.Success)
                    {
                        yield return new RelatedLink(line, string.Empty);
                        continue;
                    }

                    // A relative link ("about_X.md") points at another page of these docs: Get-Help finds that
                    // topic by its name, and a relative file path would only break Get-Help -Online.
                    string uri = link.Groups["uri"].Value;
                    bool absolute = uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://",
                        StringComparison.OrdinalIgnoreCase);
                    yield return new RelatedLink(link.Groups["text"].Value.Trim(), absolute ? uri : string.Empty);
                }
            }
        }
    }
}
