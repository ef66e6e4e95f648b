using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using LoopbackTools.Native;
using LoopbackTools.Owners;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// One walk over /proc/&lt;pid&gt;/fd that records every process holding each wanted socket inode, band by band of
    /// fd numbers, on several threads.
    /// </summary>
    /// <remarks>
    /// <para><b>Bands.</b> fds are read in bands of fd numbers (by default 0-127, 128-1023, 1024-8191, 8192-65535, the
    /// rest): one band of every process before the next band of any. A socket's holders are the processes that hold it in
    /// the lowest band where anyone holds it. Listening sockets are opened early in a process's life and children inherit
    /// them at the same numbers, so a pre-fork server's master and workers all hold their listener in the first band,
    /// below the thousands of connections of a busy worker. The first band is narrow because a narrow query reads it
    /// whole in every process: at 50,000 connections over 6 holders, one listener's owners cost 4,909 fds read with a
    /// first band of 128, 6,743 with 256 and 11,387 with 1,024 (the first-holder walk before this one read ~4,000).
    /// Later bands grow eightfold, so a socket above the first band costs a few more passes, not a walk of everything.</para>
    /// <para><b>Early stop.</b> The walk stops at the end of a band once every wanted inode has a holder. It never stops
    /// inside a band: a band is read whole, so every holder in it is found, whichever thread meets which first.</para>
    /// <para><b>Determinism.</b> Holders in a higher band than a socket's lowest are left out even when a full walk reads
    /// them (a copy passed with SCM_RIGHTS into a process that already had hundreds of fds). Whether the walk goes on
    /// depends on the other sockets of the query; the holders of one socket must not, or a socket that comes and goes
    /// elsewhere would change this socket's holders, and its primary holder, from one read to the next.</para>
    /// <para><b>Identity.</b> Each process is read through its open /proc/&lt;pid&gt; directory (<see cref="ProcessDirectory"/>),
    /// and its stat is read when that directory is opened, before its fds: <see cref="Processes"/> keeps that (start time,
    /// image) for each pid, and the details read later must match it.</para>
    /// </remarks>
    internal sealed class FdWalk
    {
        public static readonly int[] DefaultBandStarts = { 0, 128, 1024, 8192, 65536 };

        private const int DirectoryBufferBytes = 32 * 1024;
        private const int LinkBufferBytes = 64;
        private const int StatBufferBytes = 1024;

        private static int _nativeState; // 0 unknown, 1 getdents64 works, -1 list fds through the managed directory API

        private readonly string _procRoot;
        private readonly Dictionary<ulong, int> _slots; // read-only during the walk: safe to share
        private readonly int[] _bandStarts;
        private readonly CancellationToken _cancellationToken;
        private readonly int[] _found;
        private readonly List<Worker> _workers = new List<Worker>();
        private List<Pending> _items = new List<Pending>();
        private int _band;
        private int _cursor;
        private int _remaining;
        private volatile bool _stop;
        private int _processesScanned;
        private int _deniedProcesses;

        public FdWalk(string procRoot, Dictionary<ulong, int> slots, int[] bandStarts, CancellationToken cancellationToken)
        {
            _procRoot = procRoot;
            _slots = slots;
            _bandStarts = bandStarts;
            _cancellationToken = cancellationToken;
            _found = new int[slots.Count];
            _remaining = slots.Count;
        }

        /// <summary>Every (socket slot, process, fd, band) seen, from every thread, in no particular order.</summary>
        public List<Hit> Hits { get; } = new List<Hit>();

        /// <summary>The stat of every process whose /proc directory the first band opened, by pid (the parent map).</summary>
        public Dictionary<int, ProcStat> Processes { get; } = new Dictionary<int, ProcStat>();

        public long FdsRead { get; private set; }

        public int ProcessesScanned => _processesScanned;

        public int DeniedProcesses => _deniedProcesses;

        /// <summary>How many bands were read (1 when every wanted socket was found in the first).</summary>
        public int BandsRead { get; private set; }

        public bool StoppedEarly { get; private set; }

        public void Run(List<int> pids, int threads)
        {
            foreach (int pid in pids)
            {
                _items.Add(new Pending(pid, default));
            }

            for (_band = 0; _band < _bandStarts.Length && _items.Count > 0; _band++)
            {
                _cursor = 0;
                var started = _workers.Count;
                ThreadedWork.Run(Math.Max(1, Math.Min(threads, _items.Count)), Work, () => _stop = true, "LoopbackTools fd scan");
                BandsRead++;
                _cancellationToken.ThrowIfCancellationRequested();

                var next = new List<Pending>();
                for (int w = started; w < _workers.Count; w++)
                {
                    next.AddRange(_workers[w].More);
                }

                if (Volatile.Read(ref _remaining) == 0)
                {
                    StoppedEarly = next.Count > 0 && _band + 1 < _bandStarts.Length;
                    break;
                }

                next.Sort((a, b) => a.Pid.CompareTo(b.Pid));
                _items = next;
            }

            foreach (var worker in _workers)
            {
                FdsRead += worker.FdsRead;
                Hits.AddRange(worker.Hits);
                foreach (var (pid, stat) in worker.Seen)
                {
                    Processes[pid] = stat;
                }
            }
        }

        private void Work()
        {
            var worker = new Worker(this);
            lock (_workers)
            {
                _workers.Add(worker);
            }

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
                    if (next >= _items.Count)
                    {
                        break;
                    }

                    worker.ScanProcess(_items[next], _band);
                }
            }
            finally
            {
                worker.Dispose();
            }
        }

        private void Offer(Worker worker, ulong inode, int pid, int fd)
        {
            if (_slots.TryGetValue(inode, out int slot))
            {
                worker.Hits.Add(new Hit(slot, pid, fd, _band));
                if (Interlocked.CompareExchange(ref _found[slot], 1, 0) == 0)
                {
                    Interlocked.Decrement(ref _remaining);
                }
            }
        }

        /// <summary>A socket seen in a process's fd table; the process's identity is <see cref="Processes"/>[Pid].</summary>
        internal readonly struct Hit
        {
            public Hit(int slot, int pid, int fd, int band)
            {
                Slot = slot;
                Pid = pid;
                Fd = fd;
                Band = band;
            }

            public int Slot { get; }

            public int Pid { get; }

            public int Fd { get; }

            public int Band { get; }
        }

        /// <summary>A process to read in the current band, with its stat from the first band (default in the first).</summary>
        private readonly struct Pending
        {
            public Pending(int pid, ProcStat stat)
            {
                Pid = pid;
                Stat = stat;
            }

            public int Pid { get; }

            public ProcStat Stat { get; }
        }

        /// <summary>Per-thread buffers and results; unmanaged buffers so the native calls need no pinning per fd.</summary>
        private sealed unsafe class Worker : IDisposable
        {
            private readonly FdWalk _walk;
            private readonly byte* _directory;
            private readonly byte* _link;
            private readonly byte* _name;
            private readonly byte[] _stat = new byte[StatBufferBytes];

            public Worker(FdWalk walk)
            {
                _walk = walk;
                _directory = (byte*)Marshal.AllocHGlobal(DirectoryBufferBytes);
                _link = (byte*)Marshal.AllocHGlobal(LinkBufferBytes);
                _name = (byte*)Marshal.AllocHGlobal(16);
            }

            public List<Hit> Hits { get; } = new List<Hit>();

            public List<(int Pid, ProcStat Stat)> Seen { get; } = new List<(int, ProcStat)>();

            public List<Pending> More { get; } = new List<Pending>();

            public long FdsRead { get; private set; }

            public void Dispose()
            {
                Marshal.FreeHGlobal((IntPtr)_directory);
                Marshal.FreeHGlobal((IntPtr)_link);
                Marshal.FreeHGlobal((IntPtr)_name);
            }

            public void ScanProcess(Pending item, int band)
            {
                using var process = ProcessDirectory.TryOpen(_walk._procRoot, item.Pid, out int errno);
                if (process == null)
                {
                    NoteDenied(errno, band); // ENOENT: exited since the /proc listing; skip it silently
                    return;
                }

                // The stat before the fds: whatever the fds show, this process was this image when we began to look.
                if (!process.TryReadStat(_stat, out var stat) || stat.HasExited)
                {
                    return;
                }

                if (band == 0)
                {
                    Seen.Add((item.Pid, stat));
                    Interlocked.Increment(ref _walk._processesScanned);
                }
                else if (!stat.SameImageAs(item.Stat))
                {
                    return; // exited (the pid now names another process) or ran another program since the first band
                }

                int fdDir = process.OpenFdDirectory(out errno);
                if (fdDir < 0)
                {
                    NoteDenied(errno, band);
                    return;
                }

                try
                {
                    int start = _walk._bandStarts[band];
                    int end = band + 1 < _walk._bandStarts.Length ? _walk._bandStarts[band + 1] : int.MaxValue;
                    bool denied;
                    int beyond;
                    if (_nativeState >= 0)
                    {
                        try
                        {
                            denied = ScanNative(fdDir, item.Pid, start, end, out beyond);
                            _nativeState = 1;
                        }
                        catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException)
                        {
                            _nativeState = -1;
                            denied = ScanManaged(fdDir, item.Pid, start, end, out beyond);
                        }
                    }
                    else
                    {
                        denied = ScanManaged(fdDir, item.Pid, start, end, out beyond);
                    }

                    if (beyond >= 0)
                    {
                        More.Add(new Pending(item.Pid, stat));
                    }

                    if (denied && band == 0)
                    {
                        Interlocked.Increment(ref _walk._deniedProcesses);
                    }
                }
                finally
                {
                    LibC.close(fdDir);
                }
            }

            /// <summary>Reads the fds in [start, end) with getdents64; <paramref name="beyond"/> is the first fd at or past end, or -1.</summary>
            private bool ScanNative(int fdDir, int pid, int start, int end, out int beyond)
            {
                beyond = -1;
                bool denied = false;
                // The fd directory's offset is fd + 2 (after "." and ".."): later bands start at their first number.
                // Should the seek fail, the listing starts at fd 0 and the fds below the band are skipped one by one.
                if (start > 0)
                {
                    LibC.lseek(fdDir, start + 2L, LibC.SEEK_SET);
                }

                // The kernel formats as many entries as the buffer holds: ask for about one band's worth (a dirent of an fd
                // name is 24-32 bytes), so a busy process's first band does not list a thousand fds of the next.
                long want = Math.Min(DirectoryBufferBytes, ((long)end - start) * 32 + 512);
                while (true)
                {
                    long n = LibC.getdents64(fdDir, _directory, (IntPtr)want).ToInt64();
                    if (n <= 0)
                    {
                        // 0: the end. <0: the process is exiting (ENOENT) or we may not list it.
                        return denied || (n < 0 && IsDenied(Marshal.GetLastWin32Error()));
                    }

                    for (long at = 0; at < n;)
                    {
                        // struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
                        int recordLength = *(ushort*)(_directory + at + 16);
                        byte* name = _directory + at + 19;
                        at += recordLength;
                        int fd = ParseFd(name);
                        if (fd < start)
                        {
                            continue; // "." and ".."
                        }

                        if (fd >= end)
                        {
                            beyond = fd;
                            return denied;
                        }

                        denied |= ReadLink(fdDir, name, pid, fd);
                    }

                    if (_walk._cancellationToken.IsCancellationRequested)
                    {
                        return denied;
                    }
                }
            }

            /// <summary>Where libc lacks getdents64 (glibc before 2.30): list the names through the managed API.</summary>
            private bool ScanManaged(int fdDir, int pid, int start, int end, out int beyond)
            {
                beyond = -1;
                var fds = new List<int>();
                try
                {
                    string path = _walk._procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/fd";
                    foreach (string entry in Directory.EnumerateFileSystemEntries(path))
                    {
                        if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd) && fd >= start)
                        {
                            fds.Add(fd);
                        }
                    }
                }
                catch (UnauthorizedAccessException)
                {
                    return true;
                }
                catch (IOException)
                {
                    return false; // exited while we looked: its sockets are gone too
                }

                fds.Sort();
                bool denied = false;
                foreach (int fd in fds)
                {
                    if (fd >= end)
                    {
                        beyond = fd;
                        break;
                    }

                    WriteName(fd);
                    denied |= ReadLink(fdDir, _name, pid, fd);
                }

                return denied;
            }

            /// <summary>Reads one fd link and offers its socket inode; true when the read was denied.</summary>
            private bool ReadLink(int fdDir, byte* name, int pid, int fd)
            {
                FdsRead++;
                long length = LibC.readlinkat(fdDir, name, _link, (IntPtr)LinkBufferBytes).ToInt64();
                if (length < 0)
                {
                    return IsDenied(Marshal.GetLastWin32Error()); // ENOENT: closed since the listing
                }

                ulong inode = SocketInode(_link, (int)length);
                if (inode != 0)
                {
                    _walk.Offer(this, inode, pid, fd);
                }

                return false;
            }

            private void NoteDenied(int errno, int band)
            {
                if (band == 0 && IsDenied(errno))
                {
                    Interlocked.Increment(ref _walk._deniedProcesses);
                }
            }

            private void WriteName(int fd)
            {
                string text = fd.ToString(CultureInfo.InvariantCulture);
                for (int i = 0; i < text.Length; i++)
                {
                    _name[i] = (byte)text[i];
                }

                _name[text.Length] = 0;
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
