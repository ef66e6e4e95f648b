namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A problem at a known place in a markdown file. The message uses the MSBuild canonical form
    /// "path(line): error: reason" so that editors and build logs can jump straight to the line.
    /// </summary>
    internal sealed class HelpSourceException : HelpCompilerException
    {
        public HelpSourceException(string filePath, int line, string reason)
            : base($"{filePath}({line}): error: {reason}")
        {
            FilePath = filePath;
            Line = line;
            Reason = reason;
        }

        public string FilePath { get; }

        /// <summary>1-based line number in the file.</summary>
        public int Line { get; }

        public string Reason { get; }
    }
}
