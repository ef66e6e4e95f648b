using System.Collections.Generic;

namespace LoopbackTools.Owners
{
    /// <summary>
    /// Every process that holds one socket, the primary holder first (see <see cref="PrimaryHolder"/>). Sockets with the
    /// same holders share one instance, so 100,000 sockets of one process cost one object, not 100,000.
    /// </summary>
    internal sealed class SocketHolders
    {
        public SocketHolders(IReadOnlyList<ProcessOwner> primaryFirst)
        {
            All = primaryFirst;
            var ids = new int[primaryFirst.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = primaryFirst[i].ProcessId;
            }

            ProcessIds = new ProcessIdList(ids);
        }

        /// <summary>The holder whose name, path and user the endpoint shows.</summary>
        public ProcessOwner Primary => All[0];

        /// <summary>Every holder, the primary first, then the others by ascending id.</summary>
        public IReadOnlyList<ProcessOwner> All { get; }

        /// <summary>The ids of <see cref="All"/>, built once for every endpoint that shares these holders.</summary>
        public ProcessIdList ProcessIds { get; }
    }
}
