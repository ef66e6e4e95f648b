using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// Pairs a baseline with the current endpoints and reports what was added, removed or changed. Identity never
    /// uses the process id, so a service that restarted is the same endpoint. Pairing runs in passes, most specific
    /// first: same protocol, address and port with the same executable path; then the same with the executable name
    /// where one side could not see the path; then the same address and port where one side could not see the owner
    /// at all; then, for containers, the same container name, protocol, family and port (a re-created container has a
    /// new id, address and often binary); then same protocol, address family and port with the same executable, which
    /// is the same service bound somewhere else (Changed, with the old and new address and exposure). Every pass pairs
    /// within one place only: this host, one other network namespace, or one container by name.
    /// </summary>
    internal static class BaselineComparer
    {
        public static IReadOnlyList<EndpointChange> Compare(IReadOnlyList<BaselineEntry> baseline, IReadOnlyList<BaselineEntry> current)
        {
            var changes = CompareEntries(baseline, current);
            var result = new List<EndpointChange>(changes.Count);
            foreach (var (change, _) in changes)
            {
                result.Add(change);
            }

            return result;
        }

        /// <summary>The changes, each with the entry it describes: the current one (Added, Changed) or the baseline's (Removed).</summary>
        internal static List<(EndpointChange Change, BaselineEntry Entry)> CompareEntries(IReadOnlyList<BaselineEntry> baseline,
            IReadOnlyList<BaselineEntry> current)
        {
            var before = Sorted(baseline);
            var now = Sorted(current);
            var pairing = new Pairing(before.Count, now.Count);
            var changes = new List<(EndpointChange Change, BaselineEntry Entry)>();

            // Each pass is a hash join: every unpaired current entry is filed under the tags it can be found by, and each
            // unpaired baseline entry takes the first (in sort order) entry under the tags it looks for. That pairs
            // exactly as "first current entry at the same key that satisfies the pass's rule" would, without scanning
            // a whole key's bucket per entry (a fleet baseline puts thousands of hosts on the same port).
            if (before.Count > 0 && now.Count > 0)
            {
                var addressKeys = Keys(before, now, SameAddressKey);
                var familyKeys = Keys(before, now, SameFamilyKey);
                pairing.Run(before, now, addressKeys, SamePathTags, SamePathTags, changes);
                pairing.Run(before, now, addressKeys, SameExecutableTags, SameExecutableLookups, changes);
                pairing.Run(before, now, addressKeys, OwnerUnseenTags, OwnerUnseenLookups, changes);
                pairing.Run(before, now, Keys(before, now, SameContainerKey), SameContainerTags, SameContainerTags, changes);
                pairing.Run(before, now, familyKeys, SameExecutableTags, SameExecutableLookups, changes);
            }

            for (int i = 0; i < before.Count; i++)
            {
                if (!pairing.BeforePaired[i])
                {
                    changes.Add((ChangeOf(EndpointChangeType.Removed, before[i]), before[i]));
                }
            }

            for (int i = 0; i < now.Count; i++)
            {
                if (!pairing.NowPaired[i])
                {
                    changes.Add((ChangeOf(EndpointChangeType.Added, now[i]), now[i]));
                }
            }

            changes.Sort((x, y) =>
            {
                int c = EntryOrder(x.Entry, y.Entry);
                return c != 0 ? c : ((int)x.Change.ChangeType).CompareTo((int)y.Change.ChangeType);
            });
            return changes;
        }

        /// <summary>An endpoint as an Added or Removed change: its values as they are (or were).</summary>
        public static EndpointChange ChangeOf(EndpointChangeType type, BaselineEntry entry) => new EndpointChange
        {
            ChangeType = type,
            Protocol = entry.Protocol,
            AddressFamily = entry.AddressFamily,
            LocalAddress = entry.LocalAddress,
            LocalPort = entry.LocalPort,
            RemoteAddress = entry.RemoteAddress,
            RemotePort = entry.RemotePort,
            State = entry.State,
            Exposure = entry.Exposure,
            ProcessId = entry.ProcessId,
            ProcessName = entry.ProcessName,
            ProcessPath = entry.ProcessPath,
            UserName = entry.UserName,
            NetworkNamespace = entry.NetworkNamespace,
            ContainerName = entry.ContainerName,
        };

        /// <summary>The change between two paired entries, or null when nothing a user cares about differs (the process id never counts).</summary>
        internal static EndpointChange? Difference(BaselineEntry before, BaselineEntry now)
        {
            var change = ChangeOf(EndpointChangeType.Changed, now);
            var names = new List<string>();
            if (!string.Equals(before.LocalAddress, now.LocalAddress, StringComparison.OrdinalIgnoreCase) && !EngineAssignedAddresses(before, now))
            {
                names.Add(nameof(EndpointChange.LocalAddress));
                change.OldLocalAddress = before.LocalAddress;
            }

            if (before.Exposure != now.Exposure)
            {
                names.Add(nameof(EndpointChange.Exposure));
                change.OldExposure = before.Exposure;
            }

            if (before.State != now.State)
            {
                names.Add(nameof(EndpointChange.State));
                change.OldState = before.State;
            }

            // A user name that one side could not see is not a change of user.
            if (!string.IsNullOrEmpty(before.UserName) && !string.IsNullOrEmpty(now.UserName)
                && !string.Equals(before.UserName, now.UserName, StringComparison.Ordinal))
            {
                names.Add(nameof(EndpointChange.UserName));
                change.OldUserName = before.UserName;
            }

            if (names.Count == 0)
            {
                return null;
            }

            change.ChangedProperties = string.Join(",", names);
            return change;
        }

        // Listening sockets have no remote end worth keying on (and saved baselines may leave it out).
        private static string RemoteKey(BaselineEntry e) =>
            e.IsListener ? string.Empty : e.RemoteAddress + "|" + e.RemotePort.ToString(CultureInfo.InvariantCulture);

        // Enums as numbers: their names cost a lookup each, and a fleet baseline has 100k entries. Endpoints pair only
        // within one place: this host, one other namespace, or one container by name (the scope goes last, so a
        // container name's own '|' cannot shift the fields before it).
        private static string SameAddressKey(BaselineEntry e) =>
            $"{(int)e.Protocol}|{e.LocalAddress.ToLowerInvariant()}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}|{e.Scope}";

        private static string SameFamilyKey(BaselineEntry e) =>
            $"{(int)e.Protocol}|{(int)e.AddressFamily}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}|{e.Scope}";

        // A container re-created from a new image gets a new id and often a new address and binary: the same name,
        // protocol, family and port is the same service. Entries outside containers take no part (empty key).
        private static string SameContainerKey(BaselineEntry e) =>
            string.IsNullOrEmpty(e.ContainerName)
                ? string.Empty
                : $"{(int)e.Protocol}|{(int)e.AddressFamily}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}|{e.ContainerName}";

        private static void SameContainerTags(BaselineEntry e, string key, List<string> tags)
        {
            if (key.Length > 0)
            {
                tags.Add(Tag('C', key, null));
            }
        }

        // Inside a container, an address of its own network is the engine's choice and changes when it is re-created.
        private static bool EngineAssignedAddresses(BaselineEntry a, BaselineEntry b) =>
            !string.IsNullOrEmpty(a.ContainerName) && a.ContainerName == b.ContainerName
            && a.Exposure == Exposure.SpecificInterface && b.Exposure == Exposure.SpecificInterface;

        // The tags of one pass. A current entry is filed under its tags, a baseline entry looks under its lookups, and
        // two entries can pair when a lookup of one is a tag of the other. Tags compare ignoring case (paths and names
        // do; the rest of the key is already lower case), so the letters that keep the kinds apart differ by more.

        // Pass 1: the same executable path, both sides having seen it.
        private static void SamePathTags(BaselineEntry e, string key, List<string> tags)
        {
            if (e.HasPath)
            {
                tags.Add(Tag('P', key, e.ProcessPath));
            }
        }

        // Paths decide when both sides saw them (a different binary is a different service); names decide otherwise.
        private static void SameExecutableTags(BaselineEntry e, string key, List<string> tags)
        {
            SamePathTags(e, key, tags);
            tags.Add(Tag('N', key, e.ExecutableName));
            if (!e.HasPath)
            {
                tags.Add(Tag('L', key, e.ExecutableName));
            }
        }

        private static void SameExecutableLookups(BaselineEntry e, string key, List<string> lookups)
        {
            if (e.HasPath)
            {
                // The same path, or the same name on a side that saw no path.
                SamePathTags(e, key, lookups);
                lookups.Add(Tag('L', key, e.ExecutableName));
            }
            else
            {
                lookups.Add(Tag('N', key, e.ExecutableName));
            }
        }

        // A baseline taken as root and compared without rights (or a process exiting mid-read) has no owner on one
        // side: at the same address and port that is the same listener as far as anyone can tell, not drift.
        private static void OwnerUnseenTags(BaselineEntry e, string key, List<string> tags)
        {
            tags.Add(Tag('A', key, null));
            if (e.Executable.Length == 0)
            {
                tags.Add(Tag('U', key, null));
            }
        }

        private static void OwnerUnseenLookups(BaselineEntry e, string key, List<string> lookups) =>
            lookups.Add(Tag(e.Executable.Length == 0 ? 'A' : 'U', key, null));

        // The key's length goes first, so no path or name (untrusted text, '|' and all) can make two tags collide.
        private static string Tag(char kind, string key, string? tail) =>
            kind + key.Length.ToString(CultureInfo.InvariantCulture) + ":" + key + "|" + tail;

        private static (string[] Before, string[] Now) Keys(List<BaselineEntry> before, List<BaselineEntry> now, Func<BaselineEntry, string> key)
        {
            var b = new string[before.Count];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = key(before[i]);
            }

            var n = new string[now.Count];
            for (int i = 0; i < n.Length; i++)
            {
                n[i] = key(now[i]);
            }

            return (b, n);
        }

        private static List<BaselineEntry> Sorted(IReadOnlyList<BaselineEntry> entries)
        {
            var list = new List<BaselineEntry>(entries);
            // A total order (ties only between identical entries): the same input pairs the same way on every run.
            list.Sort(EntryOrder);
            return list;
        }

        internal static int EntryOrder(BaselineEntry x, BaselineEntry y)
        {
            // Enums compared as numbers: Enum.CompareTo(object) boxes both sides on every call of a sort.
            int c = ((int)x.Protocol).CompareTo((int)y.Protocol);
            if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
            if (c == 0) c = ((int)x.AddressFamily).CompareTo((int)y.AddressFamily);
            if (c == 0) c = string.CompareOrdinal(x.LocalAddress, y.LocalAddress);
            if (c == 0) c = ((int)x.State).CompareTo((int)y.State);
            if (c == 0) c = string.CompareOrdinal(x.RemoteAddress, y.RemoteAddress);
            if (c == 0) c = x.RemotePort.CompareTo(y.RemotePort);
            if (c == 0) c = string.CompareOrdinal(x.Executable, y.Executable);
            if (c == 0) c = Nullable.Compare(x.ProcessId, y.ProcessId);
            return c;
        }

        /// <summary>Which entries of each side are already paired, and one pass of pairing over what is left.</summary>
        private sealed class Pairing
        {
            public Pairing(int before, int now)
            {
                BeforePaired = new bool[before];
                NowPaired = new bool[now];
            }

            public bool[] BeforePaired { get; }

            public bool[] NowPaired { get; }

            public void Run(
                List<BaselineEntry> before,
                List<BaselineEntry> now,
                (string[] Before, string[] Now) keys,
                Action<BaselineEntry, string, List<string>> tagsOf,
                Action<BaselineEntry, string, List<string>> lookupsOf,
                List<(EndpointChange, BaselineEntry)> changes)
            {
                // Current entries under each tag, in sort order; a queue's head moves past entries paired meanwhile.
                var queues = new Dictionary<string, Queue>(StringComparer.OrdinalIgnoreCase);
                var tags = new List<string>(4);
                for (int i = 0; i < now.Count; i++)
                {
                    if (NowPaired[i])
                    {
                        continue;
                    }

                    tags.Clear();
                    tagsOf(now[i], keys.Now[i], tags);
                    foreach (string tag in tags)
                    {
                        if (!queues.TryGetValue(tag, out var queue))
                        {
                            queue = new Queue();
                            queues[tag] = queue;
                        }

                        queue.Items.Add(i);
                    }
                }

                // Nothing left to pair with (a fleet baseline against one host): every lookup would miss.
                for (int i = 0; i < before.Count && queues.Count > 0; i++)
                {
                    if (BeforePaired[i])
                    {
                        continue;
                    }

                    tags.Clear();
                    lookupsOf(before[i], keys.Before[i], tags);
                    int best = -1;
                    foreach (string tag in tags)
                    {
                        if (queues.TryGetValue(tag, out var queue))
                        {
                            int head = queue.Head(NowPaired);
                            if (head >= 0 && (best < 0 || head < best))
                            {
                                best = head;
                            }
                        }
                    }

                    if (best < 0)
                    {
                        continue;
                    }

                    BeforePaired[i] = true;
                    NowPaired[best] = true;
                    var change = Difference(before[i], now[best]);
                    if (change != null)
                    {
                        changes.Add((change, now[best]));
                    }
                }
            }
        }

        /// <summary>Indexes of current entries in sort order, consumed from the front as they pair.</summary>
        private sealed class Queue
        {
            private int _head;

            public List<int> Items { get; } = new List<int>(1);

            /// <summary>The first entry not yet paired, or -1; each entry is stepped over once, so a pass stays linear.</summary>
            public int Head(bool[] paired)
            {
                while (_head < Items.Count && paired[Items[_head]])
                {
                    _head++;
                }

                return _head < Items.Count ? Items[_head] : -1;
            }
        }
    }
}
