using System.Collections.Generic;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// Rows of several namespaces in a stable order that keeps each namespace together: the namespaces in the order they
    /// were read (the caller's first, then by id), each sorted as a single table is (<see cref="SocketRecordOrder"/>).
    /// </summary>
    internal static class NamespaceRecordOrder
    {
        public static void Sort(List<SocketRecord> rows, IReadOnlyList<NetworkNamespaceInfo> namespaces)
        {
            var rank = new Dictionary<ulong, int>();
            for (int i = 0; i < namespaces.Count; i++)
            {
                if (namespaces[i].Inode.HasValue && !rank.ContainsKey(namespaces[i].Inode!.Value))
                {
                    rank[namespaces[i].Inode!.Value] = i;
                }
            }

            var groups = new SortedDictionary<int, List<SocketRecord>>();
            foreach (var row in rows)
            {
                // Rows of namespaces whose id is unknown go last, together.
                int key = row.NetworkNamespace.HasValue && rank.TryGetValue(row.NetworkNamespace.Value, out int r) ? r : int.MaxValue;
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new List<SocketRecord>();
                    groups[key] = group;
                }

                group.Add(row);
            }

            rows.Clear();
            foreach (var group in groups.Values)
            {
                SocketRecordOrder.Sort(group);
                rows.AddRange(group);
            }
        }
    }
}
