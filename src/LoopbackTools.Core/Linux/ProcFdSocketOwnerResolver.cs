using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using LoopbackTools.Native;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Maps socket inodes to every process that holds them by reading the /proc/&lt;pid&gt;/fd links (see
    /// <see cref="FdWalk"/>: band by band of fd numbers, stopping after the band in which the last wanted socket was
    /// found), then reads each holder's details whole and picks each socket's primary holder (<see cref="PrimaryHolder"/>).
    /// </summary>
    /// <remarks>
    /// <para>readlink costs ~5-8 µs of kernel time per fd, so a narrow query must not walk every fd of the machine: the
    /// first band (fds 0-127 of every process) holds the listeners of almost every server, and the thousands of
    /// connections of a busy one sit above it.</para>
    /// <para>A holder is complete or dropped: its details are read through its open /proc/&lt;pid&gt; directory between
    /// two reads of its stat that must match the one taken when its fds were read (<see cref="ProcessInfoReader"/>). A
    /// holder that exited, whose pid came to name another process, or that ran another program in between is dropped;
    /// a socket left with no holder that way is counted in <see cref="OwnerLookup.ExitedCount"/>.</para>
    /// <para>A /proc/&lt;pid&gt;/fd that cannot be read (another user's process, without root) leaves its sockets' owners
    /// empty, and the lookup says why once in <see cref="OwnerLookup.MissingReason"/>, naming a hidepid mount of /proc
    /// when that is what hides them.</para>
    /// </remarks>
    internal sealed class ProcFdSocketOwnerResolver : ISocketOwnerResolver
    {
        private readonly string _procRoot;
        private readonly int _threads;
        private readonly int[] _bandStarts;

        public ProcFdSocketOwnerResolver(string procRoot = "/proc")
            : this(procRoot, OwnerThreads.For(Environment.ProcessorCount))
        {
        }

        public ProcFdSocketOwnerResolver(string procRoot, int threads)
            : this(procRoot, threads, FdWalk.DefaultBandStarts)
        {
        }

        /// <summary>With other fd bands (ascending, the first 0), for the benchmark and tests of the band rule.</summary>
        internal ProcFdSocketOwnerResolver(string procRoot, int threads, int[] bandStarts)
        {
            if (threads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(threads));
            }

            if (bandStarts.Length == 0 || bandStarts[0] != 0)
            {
                throw new ArgumentException("The first band starts at fd 0.", nameof(bandStarts));
            }

            _procRoot = procRoot;
            _threads = threads;
            _bandStarts = bandStarts;
        }

        /// <summary>How many fd links the last call read (for tests of the early stop and for the benchmark).</summary>
        public long LastFdsRead { get; private set; }

        /// <summary>How many processes' fd directories the last call opened.</summary>
        public int LastProcessesScanned { get; private set; }

        /// <summary>How many processes' fd directories the last call could not read for lack of permission.</summary>
        public int LastDeniedProcesses { get; private set; }

        /// <summary>True when the last call ended before its last band because every wanted socket was found.</summary>
        public bool LastStoppedEarly { get; private set; }

        /// <summary>How many fd bands the last call read.</summary>
        public int LastBandsRead { get; private set; }

        /// <summary>Holders the last call dropped: seen holding a socket, gone or changed before their details were read.</summary>
        public int LastDroppedHolders { get; private set; }

        /// <summary>How long the last call's fd walk took, and the reading of holders' details after it (the benchmark).</summary>
        public (TimeSpan Walk, TimeSpan Details) LastTimes { get; private set; }

        /// <summary>Runs between the fd walk and the reading of the holders' details (tests make a holder exit or exec there).</summary>
        internal Action? AfterWalk { get; set; }

        public OwnerLookup Resolve(ISocketList sockets, CancellationToken cancellationToken)
        {
            var slots = new Dictionary<ulong, int>(sockets.Count);
            for (int i = 0; i < sockets.Count; i++)
            {
                ulong inode = sockets.InodeAt(i);
                if (inode != 0 && !slots.ContainsKey(inode))
                {
                    slots.Add(inode, slots.Count);
                }
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var walk = new FdWalk(_procRoot, slots, _bandStarts, cancellationToken);
            if (slots.Count > 0)
            {
                walk.Run(ProcessIds(), _threads);
            }

            LastFdsRead = walk.FdsRead;
            LastProcessesScanned = walk.ProcessesScanned;
            LastDeniedProcesses = walk.DeniedProcesses;
            LastStoppedEarly = walk.StoppedEarly;
            LastBandsRead = walk.BandsRead;
            cancellationToken.ThrowIfCancellationRequested();
            var walked = clock.Elapsed;
            AfterWalk?.Invoke();

            clock.Restart();
            var bySlot = HoldersBySlot(walk, slots.Count, out bool[] exitedSlots);
            cancellationToken.ThrowIfCancellationRequested();

            var holders = new SocketHolders?[sockets.Count];
            int missing = 0;
            int exited = 0;
            for (int i = 0; i < sockets.Count; i++)
            {
                ulong inode = sockets.InodeAt(i);
                if (inode == 0 || !slots.TryGetValue(inode, out int slot))
                {
                    continue;
                }

                holders[i] = bySlot[slot];
                // TIME_WAIT and orphaned sockets (inode 0) belong to no process by design: not worth a warning.
                if (holders[i] == null && sockets.StateAt(i) != SocketState.TimeWait)
                {
                    if (exitedSlots[slot])
                    {
                        exited++;
                    }
                    else
                    {
                        missing++;
                    }
                }
            }

            LastTimes = (walked, clock.Elapsed);
            return new OwnerLookup(holders, missing, missing > 0 ? MissingReason(walk.DeniedProcesses) : null, exitedCount: exited);
        }

        /// <summary>
        /// The holders of each slot: those of its lowest band, read whole, the primary first. <paramref name="exited"/>
        /// marks slots that were held but lost every holder before its details could be read.
        /// </summary>
        private SocketHolders?[] HoldersBySlot(FdWalk walk, int slotCount, out bool[] exited)
        {
            exited = new bool[slotCount];
            var result = new SocketHolders?[slotCount];
            if (walk.Hits.Count == 0)
            {
                LastDroppedHolders = 0;
                return result;
            }

            // Group the hits by slot in linear time (a counting sort), keeping only each slot's lowest band.
            var lowestBand = new int[slotCount];
            var counts = new int[slotCount + 1];
            for (int i = 0; i < slotCount; i++)
            {
                lowestBand[i] = int.MaxValue;
            }

            foreach (var hit in walk.Hits)
            {
                lowestBand[hit.Slot] = Math.Min(lowestBand[hit.Slot], hit.Band);
            }

            foreach (var hit in walk.Hits)
            {
                if (hit.Band == lowestBand[hit.Slot])
                {
                    counts[hit.Slot + 1]++;
                }
            }

            for (int i = 0; i < slotCount; i++)
            {
                counts[i + 1] += counts[i];
            }

            var pids = new int[counts[slotCount]];
            var fill = (int[])counts.Clone();
            foreach (var hit in walk.Hits)
            {
                if (hit.Band == lowestBand[hit.Slot])
                {
                    pids[fill[hit.Slot]++] = hit.Pid;
                }
            }

            var owners = ReadOwners(walk, pids);
            var single = new Dictionary<int, SocketHolders>();
            var shared = new Dictionary<string, SocketHolders>(StringComparer.Ordinal);
            var group = new List<ProcessOwner>();
            Func<int, int?> parentOf = pid => walk.Processes.TryGetValue(pid, out var stat) ? stat.ParentProcessId : (int?)null;
            for (int slot = 0; slot < slotCount; slot++)
            {
                if (counts[slot] == counts[slot + 1])
                {
                    continue;
                }

                group.Clear();
                for (int i = counts[slot]; i < counts[slot + 1]; i++)
                {
                    // A process may hold one socket at several fds (dup): count it once.
                    if (owners.TryGetValue(pids[i], out var owner) && owner != null && !group.Contains(owner))
                    {
                        group.Add(owner);
                    }
                }

                if (group.Count == 0)
                {
                    exited[slot] = true;
                }
                else if (group.Count == 1)
                {
                    if (!single.TryGetValue(group[0].ProcessId, out var one))
                    {
                        one = new SocketHolders(new[] { group[0] });
                        single[group[0].ProcessId] = one;
                    }

                    result[slot] = one;
                }
                else
                {
                    var ordered = PrimaryHolder.Order(group, parentOf);
                    string key = Key(ordered);
                    if (!shared.TryGetValue(key, out var many))
                    {
                        many = new SocketHolders(ordered);
                        shared[key] = many;
                    }

                    result[slot] = many;
                }
            }

            return result;
        }

        /// <summary>Each distinct holder's details, read whole or null (dropped), on the walk's threads.</summary>
        private Dictionary<int, ProcessOwner?> ReadOwners(FdWalk walk, int[] holderPids)
        {
            var distinct = new List<int>(new HashSet<int>(holderPids));
            distinct.Sort();
            var read = new ProcessOwner?[distinct.Count];
            var reader = new ProcessInfoReader(_procRoot, UserNameMap.FromSystem());
            int cursor = 0;
            ThreadedWork.Run(
                Math.Max(1, Math.Min(_threads, distinct.Count / 8)),
                () =>
                {
                    int next;
                    while ((next = Interlocked.Increment(ref cursor) - 1) < distinct.Count)
                    {
                        int pid = distinct[next];
                        read[next] = walk.Processes.TryGetValue(pid, out var seen) ? reader.Read(pid, seen) : null;
                    }
                },
                () => { },
                "LoopbackTools owner details");

            var owners = new Dictionary<int, ProcessOwner?>(distinct.Count);
            int dropped = 0;
            for (int i = 0; i < distinct.Count; i++)
            {
                owners[distinct[i]] = read[i];
                if (read[i] == null)
                {
                    dropped++;
                }
            }

            LastDroppedHolders = dropped;
            return owners;
        }

        private static string Key(ProcessOwner[] ordered)
        {
            var sb = new StringBuilder();
            foreach (var owner in ordered)
            {
                sb.Append(owner.ProcessId.ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            return sb.ToString();
        }

        private string MissingReason(int deniedProcesses)
        {
            bool root = IsRoot();
            var mount = root ? null : ProcMountOptions.ForMountPoint(_procRoot);
            if (mount != null)
            {
                string group = mount.Gid != null ? " or as a member of group " + mount.Gid : string.Empty;
                return $"{_procRoot} is mounted with hidepid={mount.HidePid}, which hides other users' processes from this user; "
                    + $"run as root (sudo){group} to see every owner.";
            }

            if (deniedProcesses > 0)
            {
                string processes = deniedProcesses == 1 ? "1 process" : deniedProcesses.ToString(CultureInfo.InvariantCulture) + " processes";
                return root
                    ? "permission denied on /proc/<pid>/fd of " + processes + " even as root (not dumpable, or in another user namespace), or the "
                        + "holder is not visible here (kernel sockets, processes in another PID namespace, sockets closed during the scan)."
                    : "permission denied on /proc/<pid>/fd of " + processes + " of other users; run as root (sudo) to see every owner.";
            }

            return "no visible process holds them (kernel sockets, processes in another PID namespace such as a container, or sockets closed during "
                + "the scan).";
        }

        private static bool IsRoot()
        {
            try
            {
                return LibC.geteuid() == 0;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
        }

        private List<int> ProcessIds()
        {
            var pids = new List<int>(512);
            foreach (string dir in Directory.EnumerateDirectories(_procRoot))
            {
                string name = Path.GetFileName(dir);
                if (name.Length > 0 && name[0] >= '1' && name[0] <= '9'
                    && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    pids.Add(pid);
                }
            }

            pids.Sort();
            return pids;
        }
    }
}
