using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// Keeps each failing input as a file (out/fuzz/findings/&lt;target&gt;/&lt;kind&gt;-&lt;hash&gt;&lt;ext&gt;) with a .txt beside it
    /// saying what went wrong. A finding, once fixed, moves into tests/Fuzz/Corpus/&lt;target&gt;/ and is replayed by every
    /// run from then on.
    /// </summary>
    internal sealed class Findings
    {
        private readonly string _folder;
        private readonly HashSet<string> _problems = new HashSet<string>();

        public Findings(string folder)
        {
            _folder = folder;
        }

        public List<Finding> Saved { get; } = new List<Finding>();

        public int Count => Saved.Count;

        public void Save(string kind, FuzzInput input, string problem)
        {
            // The same problem from many inputs is one finding: keep the first (usually the smallest so far).
            string key = kind + ":" + (problem.Length > 60 ? problem.Substring(0, 60) : problem);
            if (!_problems.Add(key))
            {
                return;
            }

            Directory.CreateDirectory(_folder);
            string hash = System.Convert.ToHexString(SHA256.HashData(input.Data)).Substring(0, 12).ToLowerInvariant();
            string file = Path.Combine(_folder, $"{kind}-{hash}{input.Extension}");
            File.WriteAllBytes(file, input.Data);
            File.WriteAllText(file + ".txt", $"{kind}: {problem}\nfrom: {input.Origin}\nsize: {input.Data.Length} bytes\n");
            Saved.Add(new Finding { Kind = kind, File = file, Problem = problem, Origin = input.Origin });
        }
    }
}
