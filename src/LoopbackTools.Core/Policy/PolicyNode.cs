using System.Collections.Generic;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// A parsed policy file before validation: maps, lists and scalars, each with the line it came from, so every
    /// validation error can point at the line. Both readers (the .psd1 AST walk in the cmdlet, the JSON reader here)
    /// produce this tree and the one validator checks it.
    /// </summary>
    internal abstract class PolicyNode
    {
        protected PolicyNode(int line)
        {
            Line = line;
        }

        /// <summary>1-based line in the policy file; 0 when unknown.</summary>
        public int Line { get; }

        /// <summary>What the node is, for error messages ("a list", "the number 80").</summary>
        public abstract string Describe();
    }

    /// <summary>A hashtable (.psd1) or object (JSON), keys in file order.</summary>
    internal sealed class PolicyMap : PolicyNode
    {
        public PolicyMap(int line, IReadOnlyList<PolicyMapEntry> entries)
            : base(line)
        {
            Entries = entries;
        }

        public IReadOnlyList<PolicyMapEntry> Entries { get; }

        public override string Describe() => "a hashtable";
    }

    /// <summary>One key of a map with the line of the key.</summary>
    internal sealed class PolicyMapEntry
    {
        public PolicyMapEntry(string key, int line, PolicyNode value)
        {
            Key = key;
            Line = line;
            Value = value;
        }

        public string Key { get; }

        public int Line { get; }

        public PolicyNode Value { get; }
    }

    /// <summary>An array.</summary>
    internal sealed class PolicyList : PolicyNode
    {
        public PolicyList(int line, IReadOnlyList<PolicyNode> items)
            : base(line)
        {
            Items = items;
        }

        public IReadOnlyList<PolicyNode> Items { get; }

        public override string Describe() => "a list";
    }

    /// <summary>A string, a whole number (long), another number (double), a boolean, or null.</summary>
    internal sealed class PolicyScalar : PolicyNode
    {
        public PolicyScalar(int line, object? value)
            : base(line)
        {
            Value = value;
        }

        public object? Value { get; }

        public override string Describe() => Value switch
        {
            null => "null",
            string s => $"the text '{PolicyText.Quote(s)}'",
            bool b => b ? "$true" : "$false",
            _ => $"the number {System.Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture)}",
        };
    }
}
