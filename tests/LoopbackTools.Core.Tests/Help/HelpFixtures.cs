using System;
using System.IO;

namespace LoopbackTools.Tests.Help
{
    /// <summary>Where the help fixtures and the repository's own docs are, seen from the test assembly.</summary>
    internal static class HelpFixtures
    {
        public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Help");

        /// <summary>The markdown pages (a docs/&lt;culture&gt; folder in miniature).</summary>
        public static string Docs => Path.Combine(Root, "en-US");

        /// <summary>The reviewed output the compiler must reproduce exactly.</summary>
        public static string Expected => Path.Combine(Root, "expected");

        /// <summary>The worktree root (the folder with LoopbackTools.sln), so tests can compile the real docs.</summary>
        public static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "LoopbackTools.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("LoopbackTools.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>1-based line of the first occurrence of <paramref name="anchor"/>: tests compute expected lines, never hard-code them.</summary>
        public static int LineOf(string text, string anchor)
        {
            int index = text.IndexOf(anchor, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"anchor '{anchor}' not found");
            }

            int line = 1;
            for (int i = 0; i < index; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                }
            }

            return line;
        }
    }

    /// <summary>A scratch folder removed after the test, so runs never see each other's output.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lbt-help-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
