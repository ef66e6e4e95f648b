using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using LoopbackTools.Native;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// Runs work inside other network namespaces. setns(CLONE_NEWNET) moves only the calling thread, so the work runs on a
    /// thread made for it: it enters each namespace, works, and goes back to where it started (its own namespace link was
    /// opened first) before the next one. A thread that cannot go back is stranded: it stops, ends, and takes its
    /// namespace with it; no other code ever runs on it.
    /// </summary>
    /// <remarks>
    /// Inside, /proc/thread-self/net and /proc/sys/net show the entered namespace (/proc/self/net still shows the
    /// process's), and a socket made there stays there. Entering needs CAP_SYS_ADMIN: for anyone else the namespace file
    /// of another user's process cannot even be opened, and setns refuses the user's own.
    /// </remarks>
    internal static class NamespaceEntry
    {
        /// <summary>At most this many of a namespace's processes are tried when they exit under us.</summary>
        private const int ProcessesTried = 3;

        /// <summary>True when this process may enter other network namespaces (CAP_SYS_ADMIN in its effective set).</summary>
        public static bool CanEnter()
        {
            string? status = OptionalFile.TryReadAllText("/proc/self/status");
            foreach (string line in (status ?? string.Empty).Split('\n'))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    const int capSysAdmin = 21;
                    return ulong.TryParse(line.Substring(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
                        && (mask & (1UL << capSysAdmin)) != 0;
                }
            }

            return false;
        }

        /// <summary>
        /// Calls <paramref name="work"/> inside each namespace on new threads (at most <paramref name="threads"/>, each
        /// taking the next namespace until none is left), results in the order of <paramref name="namespaces"/>. A
        /// namespace that cannot be entered gets a failure saying why and is not worked on; an exception from the work
        /// is that namespace's failure, except cancellation, which stops everything and is rethrown here.
        /// </summary>
        public static List<EntryResult<T>> ForEach<T>(
            IReadOnlyList<NetworkNamespaceInfo> namespaces,
            Func<NetworkNamespaceInfo, T> work,
            CancellationToken cancellationToken,
            string procRoot = "/proc",
            int threads = 1)
        {
            var results = new EntryResult<T>?[namespaces.Count];
            var cursor = new Cursor();
            int count = Math.Max(1, Math.Min(threads, namespaces.Count));
            var thrown = new ExceptionDispatchInfo?[count];
            var workers = new Thread[count];
            for (int w = 0; w < count; w++)
            {
                int worker = w;
                workers[w] = new Thread(() =>
                {
                    try
                    {
                        Run(namespaces, work, results, cursor, cancellationToken, procRoot);
                    }
                    catch (Exception e)
                    {
                        thrown[worker] = ExceptionDispatchInfo.Capture(e);
                    }
                })
                {
                    IsBackground = true,
                    Name = "LoopbackTools netns",
                };
                workers[w].Start();
            }

            foreach (var thread in workers)
            {
                thread.Join();
            }

            foreach (var failure in thrown)
            {
                if (failure?.SourceException is OperationCanceledException)
                {
                    failure.Throw();
                }
            }

            foreach (var failure in thrown)
            {
                failure?.Throw();
            }

            var list = new List<EntryResult<T>>(namespaces.Count);
            for (int i = 0; i < namespaces.Count; i++)
            {
                // Left over only when every thread was stranded, or could not start from its own namespace.
                list.Add(results[i] ?? EntryResult<T>.Failed(namespaces[i], "no reading thread could return from a namespace to read it"));
            }

            return list;
        }

        private static void Run<T>(
            IReadOnlyList<NetworkNamespaceInfo> namespaces,
            Func<NetworkNamespaceInfo, T> work,
            EntryResult<T>?[] results,
            Cursor cursor,
            CancellationToken cancellationToken,
            string procRoot)
        {
            int home = LibC.open(procRoot + "/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (home < 0)
            {
                string why = "this thread's own namespace cannot be opened to come back to (" + Errno.Name(Marshal.GetLastWin32Error()) + ")";
                for (int i = Interlocked.Increment(ref cursor.Next); i < namespaces.Count; i = Interlocked.Increment(ref cursor.Next))
                {
                    results[i] = EntryResult<T>.Failed(namespaces[i], why);
                }

                return;
            }

            try
            {
                for (int i = Interlocked.Increment(ref cursor.Next); i < namespaces.Count; i = Interlocked.Increment(ref cursor.Next))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var info = namespaces[i];
                    string? problem = Enter(info, procRoot);
                    if (problem != null)
                    {
                        results[i] = EntryResult<T>.Failed(info, problem);
                        continue;
                    }

                    bool back;
                    try
                    {
                        results[i] = EntryResult<T>.Done(info, work(info));
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        results[i] = EntryResult<T>.Failed(info, e.Message);
                    }
                    finally
                    {
                        back = LibC.setns(home, LibC.CLONE_NEWNET) == 0;
                    }

                    if (!back)
                    {
                        // Stranded: this thread takes no more namespaces; it ends, and nothing else runs inside that one.
                        return;
                    }
                }
            }
            finally
            {
                LibC.close(home);
            }
        }

        /// <summary>The next namespace to take, shared by the threads.</summary>
        private sealed class Cursor
        {
            public int Next = -1;
        }

        /// <summary>Enters the namespace on this thread and checks it is the one meant; the reason when not.</summary>
        private static string? Enter(NetworkNamespaceInfo info, string procRoot)
        {
            if (!info.Inode.HasValue)
            {
                return "its id cannot be read, so it cannot be entered";
            }

            var paths = new List<string>();
            foreach (string name in info.Names)
            {
                paths.Add(info.NamedRoot + "/" + name);
            }

            for (int i = 0; i < info.ProcessIds.Count && i < ProcessesTried; i++)
            {
                paths.Add(procRoot + "/" + info.ProcessIds[i].ToString(CultureInfo.InvariantCulture) + "/ns/net");
            }

            string problem = "no process or name holds it any more";
            foreach (string path in paths)
            {
                int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
                if (fd < 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    problem = $"{path} cannot be opened ({Errno.Name(errno)})";
                    continue;
                }

                try
                {
                    // A process that exited and whose id was given to another in between would lead elsewhere: the open
                    // file says which namespace it is.
                    ulong? inode = FileInode.OfNetworkNamespace(fd);
                    if (inode != info.Inode)
                    {
                        problem = "it no longer exists";
                        continue;
                    }

                    if (LibC.setns(fd, LibC.CLONE_NEWNET) != 0)
                    {
                        return $"setns refused it ({Errno.Name(Marshal.GetLastWin32Error())})";
                    }

                    return null;
                }
                finally
                {
                    LibC.close(fd);
                }
            }

            return problem;
        }
    }

    /// <summary>What working inside one namespace gave: a value, or why the namespace could not be worked in.</summary>
    internal sealed class EntryResult<T>
    {
        private EntryResult(NetworkNamespaceInfo info, T value, string? problem)
        {
            Namespace = info;
            Value = value;
            Problem = problem;
        }

        public NetworkNamespaceInfo Namespace { get; }

        public T Value { get; }

        /// <summary>Why the namespace was not entered or the work failed; null on success.</summary>
        public string? Problem { get; }

        public static EntryResult<T> Done(NetworkNamespaceInfo info, T value) => new EntryResult<T>(info, value, null);

        public static EntryResult<T> Failed(NetworkNamespaceInfo info, string problem) => new EntryResult<T>(info, default!, problem);
    }
}
