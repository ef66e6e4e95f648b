using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Sockets;

namespace LoopbackTools.Owners
{
    /// <summary>Finds the process that holds each socket.</summary>
    internal interface ISocketOwnerResolver
    {
        /// <summary>
        /// Returns one owner (or null) per socket, aligned with <paramref name="sockets"/>. Sockets of one
        /// process share the same <see cref="ProcessOwner"/> instance.
        /// </summary>
        OwnerLookup Resolve(IReadOnlyList<SocketRecord> sockets, CancellationToken cancellationToken);
    }
}
