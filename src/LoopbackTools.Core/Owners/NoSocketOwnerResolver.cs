using System.Threading;

namespace LoopbackTools.Owners
{
    /// <summary>For sources that carry no owners; the inventory warns instead of calling it.</summary>
    internal sealed class NoSocketOwnerResolver : ISocketOwnerResolver
    {
        public OwnerLookup Resolve(ISocketList sockets, CancellationToken cancellationToken) =>
            new OwnerLookup(new ProcessOwner?[sockets.Count], 0, null);
    }
}
