using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Sockets;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// The socket tables of several network namespaces as one table, each row stamped with its namespace. The caller's
    /// own namespace is read in place through the usual sources; every other one is entered on a dedicated thread and
    /// read through netlink sock_diag inside it (what ss -N does), with /proc/thread-self/net as the fallback there. A
    /// namespace that cannot be entered (no CAP_SYS_ADMIN, or it refuses) is read from the outside through
    /// /proc/PID/net of a process in it, which anyone may read; one with no process left is named in the one warning.
    /// </summary>
    /// <remarks>
    /// Socket inodes are unique across namespaces (one sockfs for the whole kernel), so the owner walk over the shared
    /// /proc finds every row's holder in one pass, whatever namespace the row came from.
    /// </remarks>
    internal sealed class NamespaceSocketTable : ISocketTable
    {
        private const int NamedInWarning = 5;

        private readonly IReadOnlyList<ISocketTable> _currentSources;
        private readonly NamespaceSelection _selection;
        private readonly NamespaceDirectory _directory;
        private readonly bool _canEnter;
        private readonly string _procRoot;
        private string _name = "netlink sock_diag";

        public NamespaceSocketTable(IReadOnlyList<ISocketTable> currentSources, NamespaceSelection selection)
            : this(currentSources, selection, new NamespaceDirectory(), NamespaceEntry.CanEnter(), "/proc")
        {
        }

        internal NamespaceSocketTable(
            IReadOnlyList<ISocketTable> currentSources, NamespaceSelection selection, NamespaceDirectory directory, bool canEnter, string procRoot)
        {
            _currentSources = currentSources;
            _selection = selection;
            _directory = directory;
            _canEnter = canEnter;
            _procRoot = procRoot;
        }

        /// <summary>Says how the last read went, for -Verbose: "netlink sock_diag in 21 network namespaces (2 through /proc/PID/net)".</summary>
        public string Name => _name;

        public bool CanResolveOwners => true;

        /// <summary>The namespaces the last read covered, in row order, with the port settings of those it entered.</summary>
        public IReadOnlyList<NetworkNamespaceInfo> Namespaces { get; private set; } = new NetworkNamespaceInfo[0];

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            var resolution = _directory.Resolve(_selection, cancellationToken);
            var rows = new List<SocketRecord>();
            var others = new List<NetworkNamespaceInfo>();
            var read = new List<NetworkNamespaceInfo>();
            string currentSource = string.Empty;
            foreach (var info in resolution.Namespaces)
            {
                if (info.IsCurrent)
                {
                    var current = ReadCurrent(request, cancellationToken, out currentSource);
                    Stamp(current, info, rows);
                    read.Add(info);
                }
                else
                {
                    others.Add(info);
                }
            }

            var fallback = new List<(NetworkNamespaceInfo Info, string? Why)>();
            int entered = 0;
            if (others.Count > 0 && _canEnter)
            {
                var results = NamespaceEntry.ForEach(others, info => ReadInside(request, cancellationToken), cancellationToken, _procRoot, Threads);
                foreach (var result in results)
                {
                    if (result.Problem == null)
                    {
                        Stamp(result.Value.Rows, result.Namespace, rows);
                        result.Namespace.PortSettings = result.Value.Settings;
                        read.Add(result.Namespace);
                        entered++;
                        foreach (string inside in result.Value.Warnings)
                        {
                            if (!request.Warnings.Contains(inside))
                            {
                                request.Warnings.Add(inside);
                            }
                        }
                    }
                    else
                    {
                        fallback.Add((result.Namespace, result.Problem));
                    }
                }
            }
            else
            {
                foreach (var info in others)
                {
                    fallback.Add((info, null));
                }
            }

            var skipped = new List<string>();
            var outside = new List<string>();
            foreach (var (info, why) in fallback)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? problem = ReadThroughProc(info, request, cancellationToken, rows);
                if (problem == null)
                {
                    read.Add(info);
                    if (why != null)
                    {
                        outside.Add($"{info.Label} ({why})");
                    }
                }
                else
                {
                    skipped.Add($"{info.Label}: {(why != null ? why + "; " : string.Empty)}{problem}");
                }
            }

            // In the order they were named (the caller's first, then by id), whichever way each was read.
            var order = new Dictionary<NetworkNamespaceInfo, int>();
            foreach (var info in resolution.Namespaces)
            {
                order[info] = order.Count;
            }

            read.Sort((a, b) => order[a].CompareTo(order[b]));
            Namespaces = read;
            string? warning = Warning(resolution, fallback.Count - skipped.Count, outside, skipped);
            if (warning != null)
            {
                request.Warnings.Add(warning);
            }

            int viaProc = read.Count - entered - (read.Exists(i => i.IsCurrent) ? 1 : 0);
            _name = string.Format(
                CultureInfo.InvariantCulture,
                "{0} in {1} network namespace{2}{3}",
                currentSource.Length > 0 ? currentSource : "netlink sock_diag",
                read.Count,
                read.Count == 1 ? string.Empty : "s",
                viaProc > 0 ? $" ({viaProc} through /proc/PID/net)" : string.Empty);
            return rows;
        }

        private static void Stamp(IReadOnlyList<SocketRecord> records, NetworkNamespaceInfo info, List<SocketRecord> into)
        {
            foreach (var record in records)
            {
                record.NetworkNamespace = info.Inode;
                into.Add(record);
            }
        }

        /// <summary>The caller's own namespace, through the usual sources in their order (netlink, then /proc/net).</summary>
        private IReadOnlyList<SocketRecord> ReadCurrent(SocketTableRequest request, CancellationToken cancellationToken, out string source)
        {
            SocketTableUnavailableException? last = null;
            foreach (var table in _currentSources)
            {
                try
                {
                    var rows = table.Read(request, cancellationToken);
                    source = table.Name;
                    return rows;
                }
                catch (SocketTableUnavailableException e)
                {
                    last = e;
                }
            }

            throw last == null
                ? new SocketTableUnavailableException("No socket table source is configured.")
                : new SocketTableUnavailableException("No socket table source works on this machine: " + last.Message, last);
        }

        /// <summary>
        /// Runs on an entry thread, inside the namespace: netlink made here, /proc/thread-self/net if that fails. Only the
        /// dumps the namespace's counters say can hold rows are asked for: each one walks every socket of the machine.
        /// Threads read at once, so each works on requests of its own.
        /// </summary>
        private InsideRead ReadInside(SocketTableRequest request, CancellationToken cancellationToken)
        {
            // /proc/net is /proc/self/net, the process's namespace: only thread-self follows this thread.
            string procNet = _procRoot + "/thread-self/net";
            var counts = SocketCounts.Parse(OptionalFile.TryReadAllText(procNet + "/sockstat"), OptionalFile.TryReadAllText(procNet + "/sockstat6"));
            var parts = counts?.Narrow(request) ?? SocketCounts.Everything(request);
            var rows = new List<SocketRecord>();
            var warnings = new List<string>();
            foreach (var part in parts)
            {
                try
                {
                    rows.AddRange(new NetlinkSockDiagTable().Read(part, cancellationToken));
                }
                catch (SocketTableUnavailableException)
                {
                    part.Warnings.Clear();
                    rows.AddRange(new ProcNetSocketTable(procNet).Read(part, cancellationToken));
                }

                warnings.AddRange(part.Warnings);
            }

            NameInterfacesHere(rows);
            return new InsideRead(rows, NamespacePortSettings.ReadHere(), warnings);
        }

        /// <summary>
        /// Names the devices rows are bound to while this thread is inside their namespace: an index means a device of
        /// the namespace it was read in (eth0 of a container is index 2 there and maybe a veth, or nothing, here).
        /// </summary>
        private static void NameInterfacesHere(List<SocketRecord> rows)
        {
            InterfaceNames? names = null;
            foreach (var row in rows)
            {
                if (row.InterfaceIndex > 0)
                {
                    row.InterfaceName = (names ??= new InterfaceNames()).NameOf(row.InterfaceIndex);
                }
            }
        }

        private static int Threads => Math.Max(1, Math.Min(4, Environment.ProcessorCount));

        /// <summary>Reads a namespace from outside through a process in it; the reason when no process serves.</summary>
        private string? ReadThroughProc(
            NetworkNamespaceInfo info, SocketTableRequest request, CancellationToken cancellationToken, List<SocketRecord> rows)
        {
            if (info.ProcessIds.Count == 0)
            {
                return "no process is in it, and a namespace held only by its name can be read only by entering it (as root)";
            }

            string problem = "its processes exited while it was read";
            for (int i = 0; i < info.ProcessIds.Count && i < 3; i++)
            {
                string pid = info.ProcessIds[i].ToString(CultureInfo.InvariantCulture);
                IReadOnlyList<SocketRecord> read;
                try
                {
                    read = new ProcNetSocketTable(_procRoot + "/" + pid + "/net").Read(request, cancellationToken);
                }
                catch (SocketTableUnavailableException e)
                {
                    problem = e.Message;
                    continue;
                }

                // The process may have exited and its id gone to a process elsewhere: the table is kept only if the
                // process is still in the same namespace after the read.
                if (!StillIn(info, pid))
                {
                    continue;
                }

                Stamp(read, info, rows);
                return null;
            }

            return problem;
        }

        private bool StillIn(NetworkNamespaceInfo info, string pid)
        {
            if (info.Inode.HasValue)
            {
                ulong? now = NamespaceDirectory.ReadLink(_procRoot + "/" + pid + "/ns/net", out int errno);
                if (now.HasValue)
                {
                    return now == info.Inode;
                }

                if (errno != Native.Errno.EACCES && errno != Native.Errno.EPERM)
                {
                    return false;
                }
            }

            return info.ProcIdentity == 0 || FileInode.Of(_procRoot + "/" + pid + "/net/tcp") == info.ProcIdentity;
        }

        /// <summary>One warning for the whole read: what was read from outside, what not at all, and why.</summary>
        private string? Warning(NamespaceResolution resolution, int readFromOutside, List<string> outside, List<string> skipped)
        {
            var parts = new List<string>();
            foreach (var spec in resolution.NotFound)
            {
                parts.Add($"no network namespace matches {TerminalText.Escape(spec.ToString())} any more");
            }

            if (!_canEnter && readFromOutside > 0)
            {
                int unidentified = 0;
                foreach (var info in Namespaces)
                {
                    if (!info.Inode.HasValue)
                    {
                        unidentified++;
                    }
                }

                string ids = unidentified > 0
                    ? $"; the ids of {Count(unidentified, "namespace")} of other users cannot be read, so NetworkNamespace is empty on their rows"
                    : string.Empty;
                string were = readFromOutside == 1 ? "was" : "were";
                parts.Add($"not root: {Count(readFromOutside, "other network namespace")} {were} read from /proc/PID/net without entering, "
                    + $"so their ports' settings are the host's and owners of other users' sockets stay empty{ids}");
            }
            else if (outside.Count > 0)
            {
                parts.Add($"read from /proc/PID/net without entering: {Listed(outside)}");
            }

            if (skipped.Count > 0)
            {
                parts.Add($"skipped {Count(skipped.Count, "network namespace")} that cannot be read: {Listed(skipped)}");
            }

            if (parts.Count == 0)
            {
                return null;
            }

            string text = string.Join("; ", parts);
            string hint = !_canEnter ? " Run as root to enter every namespace and see every owner." : string.Empty;
            return char.ToUpperInvariant(text[0]) + text.Substring(1) + "." + hint;
        }

        private static string Count(int n, string what) =>
            n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

        private static string Listed(List<string> items)
        {
            if (items.Count <= NamedInWarning)
            {
                return string.Join("; ", items);
            }

            return string.Join("; ", items.GetRange(0, NamedInWarning)) + $"; and {items.Count - NamedInWarning} more";
        }

        private sealed class InsideRead
        {
            public InsideRead(IReadOnlyList<SocketRecord> rows, NamespacePortSettings settings, IReadOnlyList<string> warnings)
            {
                Rows = rows;
                Settings = settings;
                Warnings = warnings;
            }

            public IReadOnlyList<SocketRecord> Rows { get; }

            public NamespacePortSettings Settings { get; }

            public IReadOnlyList<string> Warnings { get; }
        }
    }
}
