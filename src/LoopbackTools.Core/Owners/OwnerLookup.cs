using System.Collections.Generic;

namespace LoopbackTools.Owners
{
    /// <summary>The result of one owner lookup: owners aligned with the sockets, and why some are missing.</summary>
    internal sealed class OwnerLookup
    {
        public OwnerLookup(IReadOnlyList<ProcessOwner?> owners, int missingCount, string? missingReason, string? incompleteReason = null)
        {
            Owners = owners;
            MissingCount = missingCount;
            MissingReason = missingReason;
            IncompleteReason = incompleteReason;
        }

        public IReadOnlyList<ProcessOwner?> Owners { get; }

        /// <summary>Sockets that a process should hold but whose owner could not be seen (TIME_WAIT and orphaned sockets excluded).</summary>
        public int MissingCount { get; }

        /// <summary>Why some sockets have no visible owner (for example no permission on other users' /proc/&lt;pid&gt;/fd); null when none is missing for a reason the user can act on.</summary>
        public string? MissingReason { get; }

        /// <summary>
        /// Why some owners that were found have empty fields (for example Windows knows every PID from the table but
        /// cannot open elevated processes for their path); null when every found owner is as complete as this OS allows.
        /// </summary>
        public string? IncompleteReason { get; }
    }
}
