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
        OwnerLookup Resolve(ISocketList sockets, CancellationToken cancellationToken);
    }

    /// <summary>The lookup over records that exist already.</summary>
    internal static class SocketOwnerResolverExtensions
    {
        public static OwnerLookup Resolve(
            this ISocketOwnerResolver resolver, IReadOnlyList<SocketRecord> records, CancellationToken cancellationToken) =>
            resolver.Resolve(new RecordSocketList(records), cancellationToken);
    }
}
