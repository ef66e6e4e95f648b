using System.Collections.Generic;
using LoopbackTools.Ranges;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// The endpoints of one network namespace with that namespace's port settings. Ports, conflicts and the ephemeral
    /// range are per namespace: a port bound in one is free in every other, so analyses run once per group.
    /// </summary>
    internal sealed class NamespaceGroup
    {
        public NamespaceGroup(NetworkNamespaceInfo? info, PortEnvironment environment)
        {
            Namespace = info;
            Environment = environment;
        }

        /// <summary>The namespace; null where the OS has none.</summary>
        public NetworkNamespaceInfo? Namespace { get; }

        public ulong? Inode => Namespace?.Inode;

        public PortEnvironment Environment { get; }

        public List<Endpoint> Endpoints { get; } = new List<Endpoint>();

        /// <summary>
        /// Splits endpoints by namespace, in the order the namespaces were read; with <paramref name="includeEmpty"/>
        /// namespaces without endpoints get a group too (a planned port is judged in every namespace asked about).
        /// Rows of a namespace whose id this user cannot read cannot be told from those of another such namespace:
        /// they are counted in <paramref name="leftOut"/> and left out, rather than mixed.
        /// </summary>
        public static List<NamespaceGroup> Split(
            IReadOnlyList<Endpoint> endpoints,
            IReadOnlyList<NetworkNamespaceInfo> namespaces,
            PortEnvironment host,
            bool includeEmpty,
            out int leftOut)
        {
            leftOut = 0;
            var groups = new List<NamespaceGroup>();
            if (namespaces.Count <= 1)
            {
                var only = namespaces.Count == 1 ? namespaces[0] : null;
                var group = new NamespaceGroup(only, only?.PortSettings?.Apply(host) ?? host);
                group.Endpoints.AddRange(endpoints);
                if (group.Endpoints.Count > 0 || includeEmpty)
                {
                    groups.Add(group);
                }

                return groups;
            }

            var byInode = new Dictionary<ulong, NamespaceGroup>();
            foreach (var info in namespaces)
            {
                if (info.Inode.HasValue && !byInode.ContainsKey(info.Inode.Value))
                {
                    var group = new NamespaceGroup(info, info.PortSettings?.Apply(host) ?? host);
                    byInode[info.Inode.Value] = group;
                    groups.Add(group);
                }
            }

            foreach (var endpoint in endpoints)
            {
                if (endpoint.NetworkNamespace.HasValue && byInode.TryGetValue(endpoint.NetworkNamespace.Value, out var group))
                {
                    group.Endpoints.Add(endpoint);
                }
                else
                {
                    leftOut++;
                }
            }

            if (!includeEmpty)
            {
                groups.RemoveAll(g => g.Endpoints.Count == 0);
            }

            return groups;
        }

        /// <summary>The warning for rows left out of an analysis because their namespace has no readable id; null for none.</summary>
        public static string? LeftOutWarning(int leftOut) => leftOut == 0
            ? null
            : $"{leftOut} sockets of network namespaces whose id this user cannot read are left out of the analysis: "
                + "they cannot be told apart from each other's ports. Run as root to include them.";
    }
}
