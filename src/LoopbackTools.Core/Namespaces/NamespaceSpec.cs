using System.Globalization;

namespace LoopbackTools.Namespaces
{
    /// <summary>What one -NetworkNamespace value asks for.</summary>
    internal enum NamespaceSpecKind
    {
        Current,
        All,
        Name,
        ProcessId,
        Inode,
    }

    /// <summary>One -NetworkNamespace value, parsed: Current, All, a /run/netns name, a process id or an inode number.</summary>
    internal sealed class NamespaceSpec
    {
        private NamespaceSpec(NamespaceSpecKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        public NamespaceSpecKind Kind { get; }

        /// <summary>The value as the user gave it (the target of an error about it).</summary>
        public string Text { get; }

        public string? Name { get; private set; }

        public int ProcessId { get; private set; }

        public ulong Inode { get; private set; }

        public static NamespaceSpec Current { get; } = new NamespaceSpec(NamespaceSpecKind.Current, "Current");

        public static NamespaceSpec All { get; } = new NamespaceSpec(NamespaceSpecKind.All, "All");

        public static NamespaceSpec OfName(string text, string name) => new NamespaceSpec(NamespaceSpecKind.Name, text) { Name = name };

        public static NamespaceSpec OfProcess(string text, int pid) => new NamespaceSpec(NamespaceSpecKind.ProcessId, text) { ProcessId = pid };

        public static NamespaceSpec OfInode(string text, ulong inode) => new NamespaceSpec(NamespaceSpecKind.Inode, text) { Inode = inode };

        public override string ToString() => Kind switch
        {
            NamespaceSpecKind.Name => "name " + Name,
            NamespaceSpecKind.ProcessId => "process " + ProcessId.ToString(CultureInfo.InvariantCulture),
            NamespaceSpecKind.Inode => NetworkNamespaceInfo.LinkText(Inode),
            _ => Text,
        };
    }
}
