using System.Linq;
using Markdig.Extensions.Yaml;
using YamlDotNet.Serialization;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// The YAML block between the leading "---" lines: platyPS keeps the document type, schema version and the
    /// MAML file name there. Other keys (Locale, ms.date, Module Name, ...) are metadata for people and skipped.
    /// </summary>
    internal sealed class FrontMatter
    {
        private SourceFile? _file;

        [YamlMember(Alias = "document type")]
        public YamlValue? DocumentType { get; set; }

        [YamlMember(Alias = "external help file")]
        public YamlValue? ExternalHelpFile { get; set; }

        [YamlMember(Alias = "HelpUri")]
        public YamlValue? HelpUri { get; set; }

        [YamlMember(Alias = "PlatyPS schema version")]
        public YamlValue? SchemaVersion { get; set; }

        [YamlMember(Alias = "title")]
        public YamlValue? Title { get; set; }

        [YamlIgnore]
        public bool IsPresent { get; private set; }

        /// <summary>1-based line after the closing "---", where the page's body starts.</summary>
        [YamlIgnore]
        public int BodyLine { get; private set; } = 1;

        /// <summary>Line of the opening "---", where whole-file metadata problems are reported.</summary>
        [YamlIgnore]
        public int Line => 1;

        public static FrontMatter Read(MarkdownPage page)
        {
            SourceFile file = page.File;
            YamlFrontMatterBlock? block = page.FrontMatterBlock;
            if (block == null)
            {
                // Markdig leaves a "---" whose closing line never comes as a thematic break: say what is wrong.
                if (file.Lines.Count > 0 && file.Lines[0].TrimEnd() == "---")
                {
                    throw file.ErrorAtLine(1, "front matter is never closed (missing second '---' line)");
                }

                return new FrontMatter();
            }

            // Markdig ends the block's span with the line break in front of the closing "---", so its last line is
            // the closing one. The YAML is read from the file's lines in between, blank lines included.
            int closing = page.LastLineIndex(block);
            FrontMatter frontMatter = YamlBlockReader.Read<FrontMatter>(file, 2, file.Lines.Skip(1).Take(closing - 1).ToList());
            frontMatter._file = file;
            frontMatter.IsPresent = true;
            frontMatter.BodyLine = closing + 2;
            return frontMatter;
        }

        /// <summary>A key's scalar value, or null when the key is absent or empty.</summary>
        public string? Text(YamlValue? value, string key)
        {
            if (value == null || _file == null)
            {
                return null;
            }

            if (value.Text == null)
            {
                throw _file.ErrorAtLine(value.Line, $"front matter key '{key}' must be a single value");
            }

            return value.IsEmpty ? null : value.Text;
        }

        /// <summary>Where to report a problem with a key: its line, or the front matter's when it is absent.</summary>
        public int LineOf(YamlValue? value) => value?.Line ?? Line;
    }
}
