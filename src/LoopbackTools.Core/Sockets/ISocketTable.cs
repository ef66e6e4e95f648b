using System.Collections.Generic;
using System.Threading;

namespace LoopbackTools.Sockets
{
    /// <summary>One way of reading the OS socket table (netlink, /proc/net, IP Helper, managed fallback).</summary>
    internal interface ISocketTable
    {
        /// <summary>A short name for -Verbose and for warnings, e.g. "netlink sock_diag".</summary>
        string Name { get; }

        /// <summary>True when this source can carry owners; false makes the inventory warn that owners are missing.</summary>
        bool CanResolveOwners { get; }

        IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken);
    }
}
