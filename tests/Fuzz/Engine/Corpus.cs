using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>tests/Fuzz/Corpus/&lt;target&gt;/: valid samples to mutate, and past findings that must pass from now on.</summary>
    internal static class Corpus
    {
        public static List<FuzzInput> Load(string folder, FuzzTarget target)
        {
            if (!Directory.Exists(folder))
            {
                return new List<FuzzInput>();
            }

            return Directory.EnumerateFiles(folder)
                .Where(f => !f.EndsWith(".md", System.StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => new FuzzInput(File.ReadAllBytes(f), Extension(f, target), "corpus " + Path.GetFileName(f)))
                .ToList();
        }

        private static string Extension(string file, FuzzTarget target)
        {
            string extension = Path.GetExtension(file).ToLowerInvariant();
            return target.Extensions.Contains(extension) ? extension : target.Extensions[0];
        }
    }
}
