using System.Collections.Generic;

namespace LoopbackTools.Owners
{
    /// <summary>The result of one owner lookup: the holders of each socket, aligned with the sockets, and why some are missing.</summary>
    internal sealed class OwnerLookup
    {
        private ProcessOwner?[]? _primaries;

        /// <summary>One owner (or none) per socket, for sources where a socket has at most one visible process (IP Helper).</summary>
        public OwnerLookup(IReadOnlyList<ProcessOwner?> owners, int missingCount, string? missingReason, string? incompleteReason = null)
            : this(Single(owners), missingCount, missingReason, incompleteReason)
        {
        }

        public OwnerLookup(
            IReadOnlyList<SocketHolders?> holders,
            int missingCount,
            string? missingReason,
            string? incompleteReason = null,
            int exitedCount = 0)
        {
            Holders = holders;
            MissingCount = missingCount;
            MissingReason = missingReason;
            IncompleteReason = incompleteReason;
            ExitedCount = exitedCount;
        }

        /// <summary>Every holder of each socket (the primary first), or null where none is visible.</summary>
        public IReadOnlyList<SocketHolders?> Holders { get; }

        /// <summary>The primary holder of each socket, or null.</summary>
        public IReadOnlyList<ProcessOwner?> Owners
        {
            get
            {
                if (_primaries == null)
                {
                    var primaries = new ProcessOwner?[Holders.Count];
                    for (int i = 0; i < primaries.Length; i++)
                    {
                        primaries[i] = Holders[i]?.Primary;
                    }

                    _primaries = primaries;
                }

                return _primaries;
            }
        }

        /// <summary>Sockets that a process should hold but whose owner could not be seen (TIME_WAIT and orphaned sockets excluded).</summary>
        public int MissingCount { get; }

        /// <summary>Why some sockets have no visible owner (for example no permission on other users' /proc/&lt;pid&gt;/fd); null when none is
        /// missing for a reason the user can act on.</summary>
        public string? MissingReason { get; }

        /// <summary>
        /// Why some owners that were found have empty fields (for example Windows knows every PID from the table but
        /// cannot open elevated processes for their path); null when every found owner is as complete as this OS allows.
        /// </summary>
        public string? IncompleteReason { get; }

        /// <summary>
        /// Sockets left without an owner because every process seen holding them exited, or its id came to name another
        /// process, or it ran another program, before its details could be read (not counted in <see cref="MissingCount"/>).
        /// An owner is complete or dropped, never half read.
        /// </summary>
        public int ExitedCount { get; }

        private static SocketHolders?[] Single(IReadOnlyList<ProcessOwner?> owners)
        {
            var holders = new SocketHolders?[owners.Count];
            var shared = new Dictionary<ProcessOwner, SocketHolders>();
            for (int i = 0; i < holders.Length; i++)
            {
                var owner = owners[i];
                if (owner == null)
                {
                    continue;
                }

                if (!shared.TryGetValue(owner, out var one))
                {
                    one = new SocketHolders(new[] { owner });
                    shared[owner] = one;
                }

                holders[i] = one;
            }

            return holders;
        }
    }
}
