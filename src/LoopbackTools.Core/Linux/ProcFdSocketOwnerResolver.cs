using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using LoopbackTools.Native;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Maps socket inodes to processes by reading the /proc/&lt;pid&gt;/fd links, stopping as soon as every wanted inode
    /// is found: readlink costs ~8 µs of kernel time per fd, so a narrow query must not walk every fd of the machine.
    /// </summary>
    /// <remarks>
    /// <para>The walk is breadth first: pass 1 reads the first batch of fds (about the first 150) of every process, pass 2
    /// the rest of the processes that have more. Listening sockets are opened early in a process's life, so a
    /// listeners-only query usually ends in pass 1 without reading the tens of thousands of connection fds of a busy
    /// server; a full query reads every fd once either way.</para>
    /// <para>Both passes share a pid cursor between worker threads (one per core, at most four) and a found-set with a
    /// countdown; the thread that finds the last wanted inode raises a stop flag checked before every fd.</para>
    /// <para>fds are listed with getdents64 and read with readlinkat relative to the open fd directory: no path string
    /// per fd, and the kernel resolves one name instead of four. Where libc lacks getdents64 (old glibc, musl) the
    /// managed directory API and readlink on full paths do the same job more slowly.</para>
    /// <para>Processes that exit during the walk are skipped silently. A /proc/&lt;pid&gt;/fd that cannot be read
    /// (another user's process, without root) leaves its sockets' owners empty, and the lookup reports that once in
    /// <see cref="OwnerLookup.MissingReason"/>.</para>
    /// </remarks>
    internal sealed class ProcFdSocketOwnerResolver : ISocketOwnerResolver
    {
        private const int FirstPassBytes = 4096;
        private const int DirectoryBufferBytes = 32 * 1024;
        private const int LinkBufferBytes = 64;

        private static int _nativeState; // 0 unknown, 1 getdents64/readlinkat work, -1 use the managed fallback

        private readonly string _procRoot;
        private readonly int _threads;

        public ProcFdSocketOwnerResolver(string procRoot = "/proc")
            : this(procRoot, Math.Max(1, Math.Min(4, Environment.ProcessorCount)))
        {
        }

        public ProcFdSocketOwnerResolver(string procRoot, int threads)
        {
            if (threads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(threads));
            }

            _procRoot = procRoot;
            _threads = threads;
        }

        /// <summary>How many fd links the last call read (for tests of the early stop and for the benchmark).</summary>
        public long LastFdsRead { get; private set; }

        /// <summary>How many processes' fd directories the last call opened.</summary>
        public int LastProcessesScanned { get; private set; }

        /// <summary>How many processes' fd directories the last call could not read for lack of permission.</summary>
        public int LastDeniedProcesses { get; private set; }

        /// <summary>True when the last call ended before reading every fd because every wanted socket was found.</summary>
        public bool LastStoppedEarly { get; private set; }

        public OwnerLookup Resolve(IReadOnlyList<SocketRecord> sockets, CancellationToken cancellationToken)
        {
            var slots = new Dictionary<ulong, int>(sockets.Count);
            foreach (var s in sockets)
            {
                if (s.Inode != 0 && !slots.ContainsKey(s.Inode))
                {
                    slots.Add(s.Inode, slots.Count);
                }
            }

            var scan = new Scan(_procRoot, slots, cancellationToken);
            if (slots.Count > 0)
            {
                scan.Run(ProcessIds(), _threads);
            }

            LastFdsRead = scan.FdsRead;
            LastProcessesScanned = scan.ProcessesScanned;
            LastDeniedProcesses = scan.DeniedProcesses;
            LastStoppedEarly = scan.StoppedEarly;
            cancellationToken.ThrowIfCancellationRequested();

            var owners = new ProcessOwner?[sockets.Count];
            ProcessInfoReader? info = null;
            var byPid = new Dictionary<int, ProcessOwner>();
            for (int i = 0; i < sockets.Count; i++)
            {
                if (sockets[i].Inode == 0 || !slots.TryGetValue(sockets[i].Inode, out int slot))
                {
                    continue;
                }

                int pid = scan.Found[slot];
                if (pid == 0)
                {
                    continue;
                }

                if (!byPid.TryGetValue(pid, out var owner))
                {
                    info ??= new ProcessInfoReader(_procRoot, UserNameMap.FromSystem());
                    owner = info.Read(pid);
                    byPid[pid] = owner;
                }

                owners[i] = owner;
            }

            int missing = 0;
            for (int i = 0; i < owners.Length; i++)
            {
                // TIME_WAIT and orphaned sockets (inode 0) belong to no process by design: not worth a warning.
                if (owners[i] == null && sockets[i].Inode != 0 && sockets[i].State != SocketState.TimeWait)
                {
                    missing++;
                }
            }

            return new OwnerLookup(owners, missing, missing > 0 ? MissingReason(scan.DeniedProcesses) : null);
        }

        private static string MissingReason(int deniedProcesses)
        {
            if (deniedProcesses > 0)
            {
                string processes = deniedProcesses == 1 ? "1 process" : deniedProcesses.ToString(CultureInfo.InvariantCulture) + " processes";
                return IsRoot()
                    ? "permission denied on /proc/<pid>/fd of " + processes + " even as root (not dumpable, or in another user namespace), or the holder is not visible here (kernel sockets, processes in another PID namespace, sockets closed during the scan)."
                    : "permission denied on /proc/<pid>/fd of " + processes + " of other users; run as root (sudo) to see every owner.";
            }

            return "no visible process holds them (kernel sockets, processes in another PID namespace such as a container, or sockets closed during the scan).";
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

        /// <summary>One walk: shared state of the worker threads.</summary>
        private sealed class Scan
        {
            private readonly string _procRoot;
            private readonly Dictionary<ulong, int> _slots; // read-only during the walk: safe to share
            private readonly CancellationToken _cancellationToken;
            private List<int> _pids = new List<int>();
            private List<(int Pid, int LastFd)> _more = new List<(int, int)>();
            private int _cursor;
            private int _remaining;
            private volatile bool _stop;
            private long _fdsRead;
            private int _processesScanned;
            private int _deniedProcesses;
            private int _pass;

            public Scan(string procRoot, Dictionary<ulong, int> slots, CancellationToken cancellationToken)
            {
                _procRoot = procRoot;
                _slots = slots;
                _cancellationToken = cancellationToken;
                Found = new int[slots.Count];
                _remaining = slots.Count;
            }

            /// <summary>The pid holding each wanted slot, 0 where none was found.</summary>
            public int[] Found { get; }

            public long FdsRead => Interlocked.Read(ref _fdsRead);

            public int ProcessesScanned => _processesScanned;

            public int DeniedProcesses => _deniedProcesses;

            public bool StoppedEarly { get; private set; }

            public void Run(List<int> pids, int threads)
            {
                _pids = pids;
                _pass = 1;
                RunPass(threads, pids.Count);
                if (!_stop && _more.Count > 0)
                {
                    _more.Sort((a, b) => a.Pid.CompareTo(b.Pid));
                    _pass = 2;
                    _cursor = 0;
                    RunPass(threads, _more.Count);
                }

                StoppedEarly = _stop && !_cancellationToken.IsCancellationRequested;
            }

            private void RunPass(int threads, int items)
            {
                int workers = Math.Max(1, Math.Min(threads, items));
                var extra = new Thread[workers - 1];
                Exception? failure = null;
                for (int t = 0; t < extra.Length; t++)
                {
                    extra[t] = new Thread(() =>
                    {
                        try
                        {
                            Work();
                        }
                        catch (Exception e)
                        {
                            failure = e;
                            _stop = true;
                        }
                    }) { IsBackground = true, Name = "LoopbackTools fd scan" };
                    extra[t].Start();
                }

                try
                {
                    Work();
                }
                finally
                {
                    foreach (var thread in extra)
                    {
                        thread.Join();
                    }
                }

                if (failure != null)
                {
                    throw new InvalidOperationException("The /proc/<pid>/fd scan failed: " + failure.Message, failure);
                }
            }

            private void Work()
            {
                var worker = new Worker(this);
                try
                {
                    while (!_stop)
                    {
                        if (_cancellationToken.IsCancellationRequested)
                        {
                            _stop = true;
                            break;
                        }

                        int next = Interlocked.Increment(ref _cursor) - 1;
                        if (_pass == 1)
                        {
                            if (next >= _pids.Count)
                            {
                                break;
                            }

                            worker.ScanProcess(_pids[next], firstPass: true, skipThrough: -1);
                        }
                        else
                        {
                            if (next >= _more.Count)
                            {
                                break;
                            }

                            worker.ScanProcess(_more[next].Pid, firstPass: false, skipThrough: _more[next].LastFd);
                        }
                    }
                }
                finally
                {
                    Interlocked.Add(ref _fdsRead, worker.FdsRead);
                    worker.Dispose();
                }
            }

            /// <summary>Called for every socket inode seen; true when it was the last one wanted.</summary>
            private void Offer(ulong inode, int pid)
            {
                if (_slots.TryGetValue(inode, out int slot)
                    && Interlocked.CompareExchange(ref Found[slot], pid, 0) == 0
                    && Interlocked.Decrement(ref _remaining) == 0)
                {
                    _stop = true;
                }
            }

            private void AddMore(int pid, int lastFd)
            {
                lock (_more)
                {
                    _more.Add((pid, lastFd));
                }
            }

            /// <summary>Per-thread buffers; unmanaged so the native calls need no pinning per fd.</summary>
            private sealed unsafe class Worker : IDisposable
            {
                private readonly Scan _scan;
                private readonly byte* _directory;
                private readonly byte* _link;

                public Worker(Scan scan)
                {
                    _scan = scan;
                    _directory = (byte*)Marshal.AllocHGlobal(DirectoryBufferBytes);
                    _link = (byte*)Marshal.AllocHGlobal(LinkBufferBytes);
                }

                public long FdsRead { get; private set; }

                public void Dispose()
                {
                    Marshal.FreeHGlobal((IntPtr)_directory);
                    Marshal.FreeHGlobal((IntPtr)_link);
                }

                public void ScanProcess(int pid, bool firstPass, int skipThrough)
                {
                    string fdDir = _scan._procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/fd";
                    if (_nativeState >= 0)
                    {
                        try
                        {
                            ScanNative(pid, fdDir, firstPass, skipThrough);
                            _nativeState = 1;
                            return;
                        }
                        catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
                        {
                            _nativeState = -1;
                        }
                    }

                    if (firstPass)
                    {
                        ScanManaged(pid, fdDir); // the fallback reads each process whole, in pass 1
                    }
                }

                private void ScanNative(int pid, string fdDir, bool firstPass, int skipThrough)
                {
                    int dirFd = LibC.open(fdDir, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
                    if (dirFd < 0)
                    {
                        NoteOpenFailure(Marshal.GetLastWin32Error());
                        return;
                    }

                    bool denied = false;
                    try
                    {
                        if (firstPass)
                        {
                            Interlocked.Increment(ref _scan._processesScanned);
                        }

                        int lastFd = -1;
                        int limit = firstPass ? FirstPassBytes : DirectoryBufferBytes;
                        while (!_scan._stop)
                        {
                            long n = LibC.getdents64(dirFd, _directory, (IntPtr)limit).ToInt64();
                            if (n <= 0)
                            {
                                // 0: the end. <0: the process is exiting (ENOENT) or we may not list it.
                                denied |= n < 0 && IsDenied(Marshal.GetLastWin32Error());
                                break;
                            }

                            for (long at = 0; at < n && !_scan._stop;)
                            {
                                // struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
                                int recordLength = *(ushort*)(_directory + at + 16);
                                byte* name = _directory + at + 19;
                                at += recordLength;
                                int fd = ParseFd(name);
                                if (fd < 0 || fd <= skipThrough)
                                {
                                    continue; // "." and "..", or already read in pass 1
                                }

                                lastFd = fd;
                                FdsRead++;
                                long length = LibC.readlinkat(dirFd, name, _link, (IntPtr)LinkBufferBytes).ToInt64();
                                if (length < 0)
                                {
                                    denied |= IsDenied(Marshal.GetLastWin32Error());
                                    continue; // ENOENT: closed since the listing
                                }

                                ulong inode = SocketInode(_link, (int)length);
                                if (inode != 0)
                                {
                                    _scan.Offer(inode, pid);
                                }
                            }

                            if (firstPass && n > limit - 512)
                            {
                                // A full first batch: this process has many fds. Leave the rest to pass 2, after every
                                // other process has had its first batch read.
                                if (!_scan._stop)
                                {
                                    _scan.AddMore(pid, lastFd);
                                }

                                break;
                            }

                            // A short batch is almost surely the end; the next getdents64 returning 0 confirms it.
                        }
                    }
                    finally
                    {
                        if (denied)
                        {
                            Interlocked.Increment(ref _scan._deniedProcesses);
                        }

                        LibC.close(dirFd);
                    }
                }

                private void ScanManaged(int pid, string fdDir)
                {
                    Interlocked.Increment(ref _scan._processesScanned);
                    try
                    {
                        foreach (string fd in Directory.EnumerateFileSystemEntries(fdDir))
                        {
                            if (_scan._stop)
                            {
                                return;
                            }

                            FdsRead++;
                            ulong inode = LinuxLinks.TryReadSocketInode(fd);
                            if (inode != 0)
                            {
                                _scan.Offer(inode, pid);
                            }
                        }
                    }
                    catch (UnauthorizedAccessException)
                    {
                        Interlocked.Increment(ref _scan._deniedProcesses);
                    }
                    catch (IOException)
                    {
                        // The process exited while we looked: its sockets are gone too.
                    }
                }

                private void NoteOpenFailure(int errno)
                {
                    if (IsDenied(errno))
                    {
                        Interlocked.Increment(ref _scan._deniedProcesses);
                    }

                    // ENOENT/ESRCH: the process exited between the /proc listing and now. Skip it silently.
                }

                private static bool IsDenied(int errno) => errno == Errno.EACCES || errno == Errno.EPERM;

                /// <summary>The fd number of a NUL-terminated decimal name; -1 for "." and "..".</summary>
                private static int ParseFd(byte* name)
                {
                    int value = 0;
                    int i = 0;
                    for (; name[i] != 0; i++)
                    {
                        uint digit = (uint)(name[i] - (byte)'0');
                        if (digit > 9)
                        {
                            return -1;
                        }

                        value = (value * 10) + (int)digit;
                    }

                    return i == 0 ? -1 : value;
                }

                /// <summary>The inode of a "socket:[12345]" link text, 0 for anything else.</summary>
                private static ulong SocketInode(byte* link, int length)
                {
                    // "socket:[" is 8 bytes; the shortest socket link is "socket:[1]".
                    if (length < 10 || link[0] != (byte)'s' || link[1] != (byte)'o' || link[2] != (byte)'c' || link[3] != (byte)'k'
                        || link[4] != (byte)'e' || link[5] != (byte)'t' || link[6] != (byte)':' || link[7] != (byte)'[')
                    {
                        return 0;
                    }

                    ulong inode = 0;
                    for (int i = 8; i < length && link[i] != (byte)']'; i++)
                    {
                        uint digit = (uint)(link[i] - (byte)'0');
                        if (digit > 9)
                        {
                            return 0;
                        }

                        inode = (inode * 10) + digit;
                    }

                    return inode;
                }
            }
        }
    }
}
