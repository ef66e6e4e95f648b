using System;
using System.Globalization;
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
        /// <summary>
        /// No process name or path pattern needs more elements (a [...] class is one); the matcher's cost per character
        /// grows with them, so a hostile pattern is refused rather than matched slowly.
        /// </summary>
        public const int MaxElements = 1024;

        /// <summary>Real patterns have a class or two; the limit keeps a hostile pattern's cost per character bounded.</summary>
        public const int MaxClasses = 64;

        private readonly string _pattern;
        private readonly WildcardProgram _program;

        public ProcessPattern(string pattern)
        {
            _pattern = Problem(pattern) is string problem ? throw new ArgumentException(problem, nameof(pattern)) : pattern.Trim();
            _program = WildcardProgram.Compile(_pattern);
            MatchesPath = _pattern.IndexOf('/') >= 0 || _pattern.IndexOf('\\') >= 0;
        }

        /// <summary>Why the text cannot be a pattern, or null when it can.</summary>
        public static string? Problem(string? pattern)
        {
            if (pattern == null || pattern.Trim().Length == 0)
            {
                return "a process pattern cannot be empty.";
            }

            string text = pattern.Trim();
            int elements = 0;
            int classes = 0;
            for (int i = 0; i < text.Length; i++)
            {
                elements++;
                if (text[i] != '[')
                {
                    continue;
                }

                int close = text.IndexOf(']', i + 1);
                if (close < 0)
                {
                    return $"'{Quote(text)}' has a '[' at character {(i + 1).ToString(CultureInfo.InvariantCulture)} without its closing ']'.";
                }

                classes++;
                i = close;
            }

            if (elements > MaxElements)
            {
                string max = MaxElements.ToString(CultureInfo.InvariantCulture);
                return $"'{Quote(text)}' is longer than {max} characters; no process name or path pattern needs that many.";
            }

            return classes > MaxClasses
                ? $"'{Quote(text)}' has more than {MaxClasses.ToString(CultureInfo.InvariantCulture)} [...] classes; a pattern needs a few at most."
                : null;
        }

        public bool MatchesPath { get; }

        public override string ToString() => _pattern;

        /// <summary>False when the owner is unknown: an unseen process cannot be vouched for.</summary>
        public bool IsMatch(string? processName, string? processPath)
        {
            if (MatchesPath)
            {
                return processPath != null && _program.IsMatch(processPath);
            }

            if (processName != null && _program.IsMatch(processName))
            {
                return true;
            }

            if (string.IsNullOrEmpty(processPath))
            {
                return false;
            }

            string fileName = FileNameOf(processPath!);
            return _program.IsMatch(fileName) || _program.IsMatch(Path.GetFileNameWithoutExtension(fileName));
        }

        /// <summary>True when the pattern matches the text itself (a path pattern against one path, for example).</summary>
        public bool IsMatchText(string text) => _program.IsMatch(text);

        // Both separators, whatever the OS: a baseline or path may come from another platform.
        private static string FileNameOf(string path)
        {
            int cut = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return cut >= 0 ? path.Substring(cut + 1) : path;
        }

        // A pattern quoted in a message: control characters escaped, and no more than a line of it.
        private static string Quote(string text) => TerminalText.Quote(text, 80);
    }
}
