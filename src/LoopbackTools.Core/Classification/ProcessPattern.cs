using System;
using System.IO;

namespace LoopbackTools.Classification
{
    /// <summary>
    /// A process name or path with PowerShell-style wildcards (*, ?, [a-z]), case-insensitive. A pattern with a
    /// directory separator matches the executable path; any other pattern matches the process name or the file name
    /// of the path, because Linux truncates process names to 15 characters and Windows drops ".exe".
    /// </summary>
    internal sealed class ProcessPattern
    {
        private readonly string _pattern;

        public ProcessPattern(string pattern)
        {
            _pattern = Problem(pattern) is string problem ? throw new ArgumentException(problem, nameof(pattern)) : pattern.Trim();
            MatchesPath = _pattern.IndexOf('/') >= 0 || _pattern.IndexOf('\\') >= 0;
        }

        /// <summary>Why the text cannot be a pattern, or null when it can.</summary>
        public static string? Problem(string? pattern)
        {
            if (pattern == null || pattern.Trim().Length == 0)
            {
                return "a process pattern cannot be empty.";
            }

            return HasBalancedBrackets(pattern) ? null : $"'{pattern.Trim()}' has a '[' without its closing ']'.";
        }

        public bool MatchesPath { get; }

        public override string ToString() => _pattern;

        /// <summary>False when the owner is unknown: an unseen process cannot be vouched for.</summary>
        public bool IsMatch(string? processName, string? processPath)
        {
            if (MatchesPath)
            {
                return processPath != null && Glob(_pattern, processPath);
            }

            if (processName != null && Glob(_pattern, processName))
            {
                return true;
            }

            if (string.IsNullOrEmpty(processPath))
            {
                return false;
            }

            string fileName = FileNameOf(processPath!);
            return Glob(_pattern, fileName) || Glob(_pattern, Path.GetFileNameWithoutExtension(fileName));
        }

        // Both separators, whatever the OS: a baseline or path may come from another platform.
        private static string FileNameOf(string path)
        {
            int cut = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return cut >= 0 ? path.Substring(cut + 1) : path;
        }

        private static bool HasBalancedBrackets(string pattern)
        {
            int open = pattern.IndexOf('[');
            while (open >= 0)
            {
                int close = pattern.IndexOf(']', open + 1);
                if (close < 0)
                {
                    return false;
                }

                open = pattern.IndexOf('[', close + 1);
            }

            return true;
        }

        /// <summary>Iterative wildcard match with one backtrack point per '*', linear in practice.</summary>
        internal static bool Glob(string pattern, string text)
        {
            int p = 0, t = 0, starP = -1, starT = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starP = p++;
                    starT = t;
                    continue;
                }

                if (p < pattern.Length && MatchesOne(pattern, ref p, text[t]))
                {
                    t++;
                    continue;
                }

                if (starP < 0)
                {
                    return false;
                }

                p = starP + 1;
                t = ++starT;
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        // Consumes one pattern element (a literal, '?' or a [class]) when it matches c; leaves p alone otherwise.
        private static bool MatchesOne(string pattern, ref int p, char c)
        {
            char first = pattern[p];
            if (first == '?')
            {
                p++;
                return true;
            }

            if (first != '[')
            {
                if (char.ToUpperInvariant(first) != char.ToUpperInvariant(c))
                {
                    return false;
                }

                p++;
                return true;
            }

            int close = pattern.IndexOf(']', p + 1);
            char u = char.ToUpperInvariant(c);
            for (int i = p + 1; i < close; i++)
            {
                char lo = char.ToUpperInvariant(pattern[i]);
                char hi = lo;
                if (i + 2 < close && pattern[i + 1] == '-')
                {
                    hi = char.ToUpperInvariant(pattern[i + 2]);
                    i += 2;
                }

                if (u >= lo && u <= hi)
                {
                    p = close + 1;
                    return true;
                }
            }

            return false;
        }
    }
}
