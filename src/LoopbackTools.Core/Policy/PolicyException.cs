using System;
using System.Globalization;
using System.Text;
using LoopbackTools.Errors;

namespace LoopbackTools.Policy
{
    /// <summary>A policy file that cannot be used, with where (file, line, key) and what is wrong.</summary>
    internal sealed class PolicyException : LoopbackToolsException
    {
        public PolicyException(ErrorDefinition error, string file, int line, string? key, string detail)
            : base(error, file, Compose(file, line, key, detail))
        {
            File = file;
            Line = line;
            Key = key;
            Detail = detail;
        }

        public string File { get; }

        /// <summary>1-based; 0 when the problem has no single line.</summary>
        public int Line { get; }

        /// <summary>Where in the policy the problem is, for example "Listeners[2].Port"; null for file-level problems.</summary>
        public string? Key { get; }

        public string Detail { get; }

        private static string Compose(string file, int line, string? key, string detail)
        {
            // The file name may hold control characters like any other name on disk.
            var text = new StringBuilder("Policy file '").Append(TerminalText.Escape(file)).Append('\'');
            if (line > 0)
            {
                text.Append(", line ").Append(line.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(key))
            {
                text.Append(", ").Append(key);
            }

            return text.Append(": ").Append(detail).ToString();
        }
    }
}
