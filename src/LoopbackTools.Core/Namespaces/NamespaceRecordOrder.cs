using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Sockets;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// Rows of several namespaces in a stable order that keeps each namespace together: the namespaces in the order they
    /// were read (the caller's first, then by id), rows of a namespace whose id is unknown last.
    /// </summary>
    internal static class NamespaceRecordOrder
    {
        /// <summary>
        /// The positions of <paramref name="ordered"/> (rows already in the inventory's total order) regrouped namespace by
        /// namespace. The regrouping is stable, so inside each namespace the rows keep the total order of a single table.
        /// </summary>
        public static int[] Group(IReadOnlyList<SocketRecord> ordered, IReadOnlyList<NetworkNamespaceInfo> namespaces)
        {
            var rank = new Dictionary<ulong, int>();
            for (int i = 0; i < namespaces.Count; i++)
            {
                if (namespaces[i].Inode is ulong inode && !rank.ContainsKey(inode))
                {
                    rank[inode] = i;
                }
            }

            int RankOf(SocketRecord row) =>
                row.NetworkNamespace is ulong inode && rank.TryGetValue(inode, out int r) ? r : int.MaxValue;

            // Enumerable.OrderBy is a stable sort.
            return Enumerable.Range(0, ordered.Count).OrderBy(i => RankOf(ordered[i])).ToArray();
        }
    }
}
