using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Errors;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// The -NetworkNamespace argument: which network namespaces a read covers. Current (the default, as ss) is the
    /// namespace the caller runs in; All is every namespace of the host; anything else names one: a /run/netns name
    /// (as ip netns and ss -N), a process id (that process's namespace) or the namespace's inode number (as
    /// ls -l /proc/PID/ns/net shows it, with or without "net:[...]").
    /// </summary>
    internal sealed class NamespaceSelection
    {
        /// <summary>
        /// PID_MAX_LIMIT on 64-bit Linux (4 * 1024 * 1024): no process id is larger, and every namespace inode is (proc
        /// gives them out from 0xF0000000 down), so a number alone says which it is.
        /// </summary>
        public const long MaxProcessId = 4 * 1024 * 1024;

        private const int MaxNameLength = 255;

        public NamespaceSelection(IReadOnlyList<NamespaceSpec> specs)
        {
            Specs = specs;
        }

        public static NamespaceSelection Current { get; } = new NamespaceSelection(new[] { NamespaceSpec.Current });

        public static NamespaceSelection All { get; } = new NamespaceSelection(new[] { NamespaceSpec.All });

        public IReadOnlyList<NamespaceSpec> Specs { get; }

        /// <summary>True when only the caller's own namespace is asked for: the plain read, no namespace is entered.</summary>
        public bool IsCurrentOnly
        {
            get
            {
                foreach (var spec in Specs)
                {
                    if (spec.Kind != NamespaceSpecKind.Current)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public bool IncludesAll
        {
            get
            {
                foreach (var spec in Specs)
                {
                    if (spec.Kind == NamespaceSpecKind.All)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Parses the values; none (or null) is Current.</summary>
        /// <exception cref="LoopbackToolsException">InvalidNetworkNamespace for a value that can name no namespace.</exception>
        public static NamespaceSelection Parse(IEnumerable<string>? values)
        {
            var specs = new List<NamespaceSpec>();
            if (values != null)
            {
                foreach (string? value in values)
                {
                    specs.Add(ParseOne(value));
                }
            }

            return specs.Count == 0 ? Current : new NamespaceSelection(specs);
        }

        public static NamespaceSpec ParseOne(string? value)
        {
            string text = (value ?? string.Empty).Trim();
            if (string.Equals(text, "Current", StringComparison.OrdinalIgnoreCase))
            {
                return NamespaceSpec.Current;
            }

            if (string.Equals(text, "All", StringComparison.OrdinalIgnoreCase))
            {
                return NamespaceSpec.All;
            }

            string number = text;
            bool linkForm = text.StartsWith("net:[", StringComparison.OrdinalIgnoreCase) && text.EndsWith("]", StringComparison.Ordinal);
            if (linkForm)
            {
                number = text.Substring(5, text.Length - 6);
            }

            if (number.Length > 0 && IsDigits(number))
            {
                if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) || n == 0)
                {
                    throw Invalid(value, $"'{TerminalText.Escape(text)}' is neither a process id nor a namespace inode number.");
                }

                return !linkForm && n <= MaxProcessId
                    ? NamespaceSpec.OfProcess(text, (int)n)
                    : NamespaceSpec.OfInode(text, n);
            }

            if (linkForm)
            {
                throw Invalid(value, $"'{TerminalText.Escape(text)}' is not a namespace link; it reads net:[<inode number>].");
            }

            if (NameProblem(text) is string problem)
            {
                throw Invalid(value, problem);
            }

            return NamespaceSpec.OfName(text, text);
        }

        /// <summary>Why the text cannot be a /run/netns name (ip netns's rules: a file name), or null when it can.</summary>
        internal static string? NameProblem(string name)
        {
            if (name.Length == 0)
            {
                return "-NetworkNamespace needs a value: Current, All, a /run/netns name, a process id or a namespace inode number.";
            }

            if (name.Length > MaxNameLength)
            {
                return $"'{TerminalText.Escape(name.Substring(0, 40))}...' is longer than a namespace name can be ({MaxNameLength} characters).";
            }

            if (name == "." || name == ".." || name.IndexOf('/') >= 0)
            {
                return $"'{TerminalText.Escape(name)}' is not a namespace name: a /run/netns name is a plain file name, without '/'.";
            }

            foreach (char c in name)
            {
                if (char.IsControl(c))
                {
                    return $"'{TerminalText.Escape(name)}' is not a namespace name: it holds control characters.";
                }
            }

            return null;
        }

        private static bool IsDigits(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static LoopbackToolsException Invalid(string? value, string message) =>
            new LoopbackToolsException(ErrorCatalogue.InvalidNetworkNamespace, value, message);
    }
}
