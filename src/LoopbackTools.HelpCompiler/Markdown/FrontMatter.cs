namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// The YAML block between the leading "---" lines: platyPS keeps the document type, schema version and
    /// the MAML file name there.
    /// </summary>
    internal sealed class FrontMatter
    {
        private FrontMatter(YamlMap values, int bodyStart, bool isPresent)
        {
            Values = values;
            BodyStart = bodyStart;
            IsPresent = isPresent;
        }

        public YamlMap Values { get; }

        /// <summary>0-based index of the first line after the closing "---".</summary>
        public int BodyStart { get; }

        public bool IsPresent { get; }

        /// <summary>Line of the opening "---", where whole-file metadata problems are reported.</summary>
        public int Line => 1;

        public static FrontMatter Read(SourceFile file)
        {
            if (file.Lines.Count == 0 || file.Lines[0].TrimEnd() != "---")
            {
                return new FrontMatter(new YamlMap(1), 0, isPresent: false);
            }

            for (int i = 1; i < file.Lines.Count; i++)
            {
                if (file.Lines[i].TrimEnd() == "---")
                {
                    return new FrontMatter(YamlSubsetReader.ReadMapping(file, 1, i), i + 1, isPresent: true);
                }
            }

            throw file.ErrorAtLine(1, "front matter is never closed (missing second '---' line)");
        }

        /// <summary>A scalar value, or null when the key is absent or empty.</summary>
        public string? Get(SourceFile file, string key)
        {
            YamlNode? node = Values.Get(key);
            if (node == null)
            {
                return null;
            }

            if (node is YamlScalar scalar)
            {
                return scalar.IsEmpty ? null : scalar.Value;
            }

            throw file.ErrorAtLine(Values.KeyLine(key), $"front matter key '{key}' must be a single value");
        }
    }
}
