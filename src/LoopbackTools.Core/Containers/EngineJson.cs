using System;
using System.IO;
using System.Text;
using LoopbackTools.Policy;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Reads container engines' JSON state files with the module's own JSON reader (the policy's: netstandard2.0 has no
    /// JSON parser, and System.Text.Json would have to ship beside the module and clash in Windows PowerShell 5.1).
    /// An engine's file is not ours to judge: one that is missing, too large or unreadable is simply not known.
    /// </summary>
    internal static class EngineJson
    {
        /// <summary>No engine writes a state file this large for one container; a larger one is not read.</summary>
        public const int MaxFileBytes = 8 * 1024 * 1024;

        public static PolicyNode? ReadFile(string path)
        {
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.Length > MaxFileBytes)
                {
                    return null;
                }

                return Parse(File.ReadAllText(path, Encoding.UTF8), path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static PolicyNode? Parse(string text, string source)
        {
            try
            {
                return PolicyJsonReader.Read(text, source);
            }
            catch (PolicyException)
            {
                return null;
            }
        }

        /// <summary>The value of a key of a map (case-sensitive, as engines write them); null when absent.</summary>
        public static PolicyNode? Get(PolicyNode? node, string key)
        {
            if (node is PolicyMap map)
            {
                foreach (var entry in map.Entries)
                {
                    if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                    {
                        return entry.Value;
                    }
                }
            }

            return null;
        }

        public static PolicyNode? Path(PolicyNode? node, params string[] keys)
        {
            foreach (string key in keys)
            {
                node = Get(node, key);
            }

            return node;
        }

        public static string? Text(PolicyNode? node) => (node as PolicyScalar)?.Value as string;

        public static long? Number(PolicyNode? node) => (node as PolicyScalar)?.Value switch
        {
            long whole => whole,
            double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
            _ => null,
        };

        public static bool? Flag(PolicyNode? node) => (node as PolicyScalar)?.Value as bool?;
    }
}
