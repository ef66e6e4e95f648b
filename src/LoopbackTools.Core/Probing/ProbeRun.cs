using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// A probe session together with the socket table it reports owners from. The table without owners is cheap and
    /// decides UDP verdicts, so it is read before the first probe; owners cost a walk of every process's file
    /// descriptors, so they are read while the probes run, and only an open result waits for them.
    /// </summary>
    internal sealed class ProbeRun
    {
        private readonly List<string> _ownerWarnings;
        private readonly Task<ListeningSockets> _owners;

        private ProbeRun(PortProbeSession session, IReadOnlyList<string> tableWarnings, Task<ListeningSockets> owners, List<string> ownerWarnings)
        {
            Session = session;
            TableWarnings = tableWarnings;
            _owners = owners;
            _ownerWarnings = ownerWarnings;
        }

        public PortProbeSession Session { get; }

        /// <summary>Why the table read before probing was incomplete (for example unreadable): worth a warning at once.</summary>
        public IReadOnlyList<string> TableWarnings { get; }

        /// <summary>
        /// Reads the listeners on the targets' ports and starts the owner lookup in the background. Throws
        /// OperationCanceledException when cancelled during the first read.
        /// </summary>
        public static ProbeRun Prepare(IReadOnlyList<ProbeTarget> targets, ProbeOptions options, LocalHostGuard guard,
            CancellationToken cancellationToken)
        {
            var ports = new HashSet<int>(targets.Select(t => t.Port));
            var protocols = new HashSet<TransportProtocol>(targets.Select(t => t.Protocol));
            var tableWarnings = new List<string>();
            var listening = ListeningSockets.Read(ports, protocols, false, tableWarnings, cancellationToken);

            var ownerWarnings = new List<string>();
            var owners = Task.Run(() => ListeningSockets.Read(ports, protocols, true, ownerWarnings, cancellationToken), cancellationToken);
            var session = new PortProbeSession(targets, options, guard, listening, owners);
            return new ProbeRun(session, tableWarnings, owners, ownerWarnings);
        }

        /// <summary>
        /// The owner lookup's warnings (no rights to see other users' sockets), worth showing only when some port was
        /// open and so has an owner to name; empty when the lookup did not finish.
        /// </summary>
        public IReadOnlyList<string> OwnerWarnings(bool anyOpen) =>
            anyOpen && _owners.Status == TaskStatus.RanToCompletion ? _ownerWarnings : (IReadOnlyList<string>)new string[0];
    }
}
