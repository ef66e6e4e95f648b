using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Namespaces
{
    /// <summary>One network namespace of this host, as one enumeration found it.</summary>
    internal sealed class NetworkNamespaceInfo
    {
        public NetworkNamespaceInfo(ulong? inode)
        {
            Inode = inode;
        }

        /// <summary>
        /// The namespace id (its nsfs inode, as /proc/PID/ns/net names it); null for a namespace known only by the
        /// /proc/PID/net files of processes whose namespace link this user may not read.
        /// </summary>
        public ulong? Inode { get; }

        /// <summary>
        /// The inode of /proc/PID/net/tcp for a process in this namespace: proc makes those files once per namespace,
        /// so equal numbers mean the same namespace, and anyone may read them. 0 when not looked at.
        /// </summary>
        public ulong ProcIdentity { get; set; }

        /// <summary>Processes in it, ascending; empty for a namespace only a /run/netns name holds.</summary>
        public List<int> ProcessIds { get; } = new List<int>();

        /// <summary>Its names under /run/netns (ip netns), sorted.</summary>
        public List<string> Names { get; } = new List<string>();

        /// <summary>The folder <see cref="Names"/> are in.</summary>
        public string NamedRoot { get; set; } = "/run/netns";

        /// <summary>The namespace the caller runs in: read in place, never entered.</summary>
        public bool IsCurrent { get; set; }

        /// <summary>Its port settings, when a read entered it; null otherwise (the host's apply as the best known).</summary>
        public NamespacePortSettings? PortSettings { get; set; }

        /// <summary>How the namespace is named in messages: "net:[4026532177] (blue)", "net:[4026532177] (process 4242)".</summary>
        public string Label
        {
            get
            {
                string where = Names.Count > 0
                    ? Names[0]
                    : ProcessIds.Count > 0 ? "process " + ProcessIds[0].ToString(CultureInfo.InvariantCulture) : "no process";
                return Inode.HasValue ? $"{LinkText(Inode.Value)} ({TerminalText.Escape(where)})" : $"the namespace of {where}";
            }
        }

        public static string LinkText(ulong inode) => "net:[" + inode.ToString(CultureInfo.InvariantCulture) + "]";

        /// <summary>The inode of a "net:[4026531840]" link text; null for anything else.</summary>
        public static ulong? ParseLink(string? text)
        {
            if (text == null || !text.StartsWith("net:[", System.StringComparison.Ordinal) || !text.EndsWith("]", System.StringComparison.Ordinal))
            {
                return null;
            }

            return ulong.TryParse(text.Substring(5, text.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) && inode != 0
                ? inode
                : (ulong?)null;
        }

        public override string ToString() => Label;
    }
}
