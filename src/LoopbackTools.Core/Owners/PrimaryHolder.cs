using System;
using System.Collections.Generic;

namespace LoopbackTools.Owners
{
    /// <summary>
    /// Chooses which of a socket's holders the endpoint names, the same one on every read while the same processes
    /// hold it: the holder that is an ancestor of every other holder (the master of a pre-fork server, the supervisor
    /// that handed the socket to its child), else the earliest started, else the lowest process id.
    /// </summary>
    /// <remarks>
    /// Which holder a scan thread happens to meet first is not a choice: it made Watch-LoopbackEndpoint report owner
    /// changes and baselines report drift on a pre-fork server that never restarted. The ancestor goes first because it is
    /// the process to act on: stopping a worker only makes the master start another.
    /// </remarks>
    internal static class PrimaryHolder
    {
        // Parent chains are short; the bound only guards against a cycle in a table read while processes come and go.
        private const int MaxChain = 4096;

        /// <summary>
        /// The holders, the primary first and the others by ascending process id. <paramref name="parentOf"/> gives the
        /// parent id of any process (holder or not) or null when unknown, so that a chain through processes that do not
        /// hold the socket (supervisor, shell, server) still counts.
        /// </summary>
        public static ProcessOwner[] Order(IReadOnlyList<ProcessOwner> holders, Func<int, int?> parentOf)
        {
            var ordered = new ProcessOwner[holders.Count];
            for (int i = 0; i < ordered.Length; i++)
            {
                ordered[i] = holders[i];
            }

            Array.Sort(ordered, (a, b) => a.ProcessId.CompareTo(b.ProcessId));
            if (ordered.Length < 2)
            {
                return ordered;
            }

            int primary = AncestorOfAll(ordered, parentOf);
            if (primary < 0)
            {
                primary = 0;
                for (int i = 1; i < ordered.Length; i++)
                {
                    if (StartedBefore(ordered[i], ordered[primary]))
                    {
                        primary = i;
                    }
                }
            }

            // Move the primary to the front; the rest stay in id order.
            var chosen = ordered[primary];
            Array.Copy(ordered, 0, ordered, 1, primary);
            ordered[0] = chosen;
            return ordered;
        }

        /// <summary>Whether <paramref name="ancestor"/> is a parent, grandparent... of <paramref name="process"/>.</summary>
        public static bool IsAncestor(ProcessOwner ancestor, ProcessOwner process, Func<int, int?> parentOf)
        {
            // A parent always starts before its child (or in the same tick): a "parent" that started later is a reused id.
            if (ancestor.StartTicks.HasValue && process.StartTicks.HasValue && ancestor.StartTicks.Value > process.StartTicks.Value)
            {
                return false;
            }

            int? parent = process.ParentProcessId ?? parentOf(process.ProcessId);
            for (int steps = 0; parent.HasValue && parent.Value > 0 && steps < MaxChain; steps++)
            {
                if (parent.Value == ancestor.ProcessId)
                {
                    return true;
                }

                parent = parentOf(parent.Value);
            }

            return false;
        }

        private static int AncestorOfAll(ProcessOwner[] holders, Func<int, int?> parentOf)
        {
            // An ancestor starts no later than its descendants: only the earliest started can be the ancestor of all,
            // which keeps this linear in the holders of a socket that a thousand workers inherited.
            ulong? earliest = null;
            foreach (var h in holders)
            {
                if (h.StartTicks.HasValue && (!earliest.HasValue || h.StartTicks.Value < earliest.Value))
                {
                    earliest = h.StartTicks;
                }
            }

            for (int candidate = 0; candidate < holders.Length; candidate++)
            {
                if (earliest.HasValue && holders[candidate].StartTicks != earliest)
                {
                    continue;
                }

                bool ofAll = true;
                for (int other = 0; other < holders.Length && ofAll; other++)
                {
                    ofAll = other == candidate || IsAncestor(holders[candidate], holders[other], parentOf);
                }

                if (ofAll)
                {
                    return candidate; // at most one holder can be an ancestor of all the others
                }
            }

            return -1;
        }

        // Unknown start times sort last; equal ones leave the lower id (the array is in id order) in front.
        private static bool StartedBefore(ProcessOwner a, ProcessOwner b)
        {
            if (a.StartTicks.HasValue && b.StartTicks.HasValue)
            {
                return a.StartTicks.Value < b.StartTicks.Value;
            }

            if (a.StartTicks.HasValue || b.StartTicks.HasValue)
            {
                return a.StartTicks.HasValue;
            }

            return a.StartTime.HasValue && (!b.StartTime.HasValue || a.StartTime.Value < b.StartTime.Value);
        }
    }
}
