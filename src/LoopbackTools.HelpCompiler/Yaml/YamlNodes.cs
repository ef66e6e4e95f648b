using System;
using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// The three node kinds of the YAML subset that platyPS writes: scalars, lists and mappings. Every node
    /// keeps its 1-based line so that a wrong value can be reported where the author typed it.
    /// </summary>
    internal abstract class YamlNode
    {
        protected YamlNode(int line)
        {
            Line = line;
        }

        public int Line { get; }
    }

    internal sealed class YamlScalar : YamlNode
    {
        public YamlScalar(int line, string value, bool isQuoted)
            : base(line)
        {
            Value = value;
            IsQuoted = isQuoted;
        }

        public string Value { get; }

        /// <summary>True for 'x' or "x": a quoted empty string is a value, an unquoted empty one is absent.</summary>
        public bool IsQuoted { get; }

        public bool IsEmpty => !IsQuoted && Value.Length == 0;
    }

    internal sealed class YamlList : YamlNode
    {
        public YamlList(int line, IReadOnlyList<YamlNode> items)
            : base(line)
        {
            Items = items;
        }

        public IReadOnlyList<YamlNode> Items { get; }
    }

    internal sealed class YamlMap : YamlNode
    {
        private readonly List<KeyValuePair<string, YamlNode>> _entries = new List<KeyValuePair<string, YamlNode>>();
        private readonly Dictionary<string, int> _keyLines = new Dictionary<string, int>(StringComparer.Ordinal);

        public YamlMap(int line)
            : base(line)
        {
        }

        /// <summary>Entries in file order: writers iterate them to reject keys they do not know.</summary>
        public IReadOnlyList<KeyValuePair<string, YamlNode>> Entries => _entries;

        /// <summary>Adds an entry; returns false for a duplicate key (YAML forbids it, and one would be silently lost).</summary>
        public bool TryAdd(string key, int keyLine, YamlNode value)
        {
            if (_keyLines.ContainsKey(key))
            {
                return false;
            }

            _keyLines.Add(key, keyLine);
            _entries.Add(new KeyValuePair<string, YamlNode>(key, value));
            return true;
        }

        public YamlNode? Get(string key)
        {
            foreach (KeyValuePair<string, YamlNode> entry in _entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        public int KeyLine(string key) => _keyLines.TryGetValue(key, out int line) ? line : Line;
    }
}
