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
    /// at all; then same protocol, address family and port with the same executable, which is the same service bound
    /// somewhere else (Changed, with the old and new address and exposure).
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
        internal static List<(EndpointChange Change, BaselineEntry Entry)> CompareEntries(IReadOnlyList<BaselineEntry> baseline, IReadOnlyList<BaselineEntry> current)
        {
            var before = Sorted(baseline);
            var now = Sorted(current);
            var pairing = new Pairing(before.Count, now.Count);
            var changes = new List<(EndpointChange Change, BaselineEntry Entry)>();

            pairing.Run(before, now, SameAddressKey, SamePath, changes);
            pairing.Run(before, now, SameAddressKey, SameExecutable, changes);
            pairing.Run(before, now, SameAddressKey, OwnerUnseen, changes);
            pairing.Run(before, now, SameContainerKey, SameContainer, changes);
            pairing.Run(before, now, SameFamilyKey, SameExecutable, changes);

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
                return c != 0 ? c : x.Change.ChangeType.CompareTo(y.Change.ChangeType);
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

        // Endpoints pair only within one place: this host, one other namespace, or one container by name.
        private static string SameAddressKey(BaselineEntry e) =>
            $"{e.Scope}|{e.Protocol}|{e.LocalAddress.ToLowerInvariant()}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}";

        private static string SameFamilyKey(BaselineEntry e) =>
            $"{e.Scope}|{e.Protocol}|{e.AddressFamily}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}";

        // A container re-created from a new image gets a new id and often a new address and binary: the same name,
        // protocol, family and port is the same service. Entries outside containers take no part (null key).
        private static string? SameContainerKey(BaselineEntry e) =>
            string.IsNullOrEmpty(e.ContainerName)
                ? null
                : $"{e.ContainerName}|{e.Protocol}|{e.AddressFamily}|{e.LocalPort.ToString(CultureInfo.InvariantCulture)}|{RemoteKey(e)}";

        private static bool SameContainer(BaselineEntry a, BaselineEntry b) => true;

        // Inside a container, an address of its own network is the engine's choice and changes when it is re-created.
        private static bool EngineAssignedAddresses(BaselineEntry a, BaselineEntry b) =>
            !string.IsNullOrEmpty(a.ContainerName) && a.ContainerName == b.ContainerName
            && a.Exposure == Exposure.SpecificInterface && b.Exposure == Exposure.SpecificInterface;

        private static bool SamePath(BaselineEntry a, BaselineEntry b) =>
            a.HasPath && b.HasPath && string.Equals(a.ProcessPath, b.ProcessPath, StringComparison.OrdinalIgnoreCase);

        // Paths decide when both sides saw them (a different binary is a different service); names decide otherwise.
        private static bool SameExecutable(BaselineEntry a, BaselineEntry b) =>
            a.HasPath && b.HasPath
                ? SamePath(a, b)
                : string.Equals(a.ExecutableName, b.ExecutableName, StringComparison.OrdinalIgnoreCase);

        // A baseline taken as root and compared without rights (or a process exiting mid-read) has no owner on one
        // side: at the same address and port that is the same listener as far as anyone can tell, not drift.
        private static bool OwnerUnseen(BaselineEntry a, BaselineEntry b) => a.Executable.Length == 0 || b.Executable.Length == 0;

        private static List<BaselineEntry> Sorted(IReadOnlyList<BaselineEntry> entries)
        {
            var list = new List<BaselineEntry>(entries);
            // A total order (ties only between identical entries): the same input pairs the same way on every run.
            list.Sort(EntryOrder);
            return list;
        }

        private static int EntryOrder(BaselineEntry x, BaselineEntry y)
        {
            int c = x.Protocol.CompareTo(y.Protocol);
            if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
            if (c == 0) c = x.AddressFamily.CompareTo(y.AddressFamily);
            if (c == 0) c = string.CompareOrdinal(x.LocalAddress, y.LocalAddress);
            if (c == 0) c = x.State.CompareTo(y.State);
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
                Func<BaselineEntry, string?> key,
                Func<BaselineEntry, BaselineEntry, bool> sameService,
                List<(EndpointChange, BaselineEntry)> changes)
            {
                var open = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (int i = 0; i < now.Count; i++)
                {
                    if (NowPaired[i])
                    {
                        continue;
                    }

                    string? k = key(now[i]);
                    if (k == null)
                    {
                        continue;
                    }

                    if (!open.TryGetValue(k, out var bucket))
                    {
                        bucket = new List<int>();
                        open[k] = bucket;
                    }

                    bucket.Add(i);
                }

                for (int i = 0; i < before.Count; i++)
                {
                    string? k = key(before[i]);
                    if (BeforePaired[i] || k == null || !open.TryGetValue(k, out var bucket))
                    {
                        continue;
                    }

                    for (int j = 0; j < bucket.Count; j++)
                    {
                        int n = bucket[j];
                        if (!sameService(before[i], now[n]))
                        {
                            continue;
                        }

                        BeforePaired[i] = true;
                        NowPaired[n] = true;
                        bucket.RemoveAt(j);
                        var change = Difference(before[i], now[n]);
                        if (change != null)
                        {
                            changes.Add((change, now[n]));
                        }

                        break;
                    }
                }
            }
        }
    }
}
