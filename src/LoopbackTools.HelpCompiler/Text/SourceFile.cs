using System;
using System.Collections.Generic;
using System.IO;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A markdown file split into lines. Line endings are normalised here, once, so that a file saved with
    /// CRLF on Windows compiles to the same bytes as the LF copy in git.
    /// </summary>
    internal sealed class SourceFile
    {
        public SourceFile(string path, string text)
        {
            Path = path;
            string normalised = text.Replace("\r\n", "\n").Replace('\r', '\n');
            if (normalised.EndsWith("\n", StringComparison.Ordinal))
            {
                normalised = normalised.Substring(0, normalised.Length - 1);
            }

            Lines = normalised.Length == 0 ? Array.Empty<string>() : normalised.Split('\n');
        }

        public string Path { get; }

        /// <summary>The lines without terminators; index 0 is line 1.</summary>
        public IReadOnlyList<string> Lines { get; }

        /// <summary>Reads a file as UTF-8 (a BOM, if any, is dropped by the reader).</summary>
        public static SourceFile Load(string path) => new SourceFile(path, File.ReadAllText(path));

        /// <summary>An error at a 1-based line number.</summary>
        public HelpSourceException ErrorAtLine(int line, string reason) => new HelpSourceException(Path, line, reason);
    }
}
