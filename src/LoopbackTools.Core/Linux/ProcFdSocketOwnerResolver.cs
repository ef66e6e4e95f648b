using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Maps socket inodes to processes with one pass over /proc/&lt;pid&gt;/fd, stopping as soon as every wanted
    /// inode is found: readlink costs ~8 µs per fd, so a listeners-only query must not walk every fd of the machine.
    /// </summary>
    public sealed class ProcFdSocketOwnerResolver : ISocketOwnerResolver
    {
        private readonly string _procRoot;

        public ProcFdSocketOwnerResolver(string procRoot = "/proc")
        {
            _procRoot = procRoot;
        }

        /// <summary>How many fd links the last call read (for tests of the early stop and for the benchmark).</summary>
        public long LastFdsRead { get; private set; }

        public OwnerLookup Resolve(IReadOnlyList<SocketRecord> sockets, CancellationToken cancellationToken)
        {
            var wanted = new Dictionary<ulong, int>(sockets.Count);
            foreach (var s in sockets)
            {
                if (s.Inode != 0)
                {
                    wanted[s.Inode] = 0;
                }
            }

            var found = new Dictionary<ulong, int>(wanted.Count);
            int deniedProcesses = 0;
            long fdsRead = 0;
            foreach (int pid in ProcessIds())
            {
                if (found.Count == wanted.Count)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                string fdDir = _procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/fd";
                IEnumerable<string> fds;
                try
                {
                    fds = Directory.EnumerateFileSystemEntries(fdDir);
                    foreach (string fd in fds)
                    {
                        fdsRead++;
                        ulong inode = LinuxLinks.TryReadSocketInode(fd);
                        if (inode != 0 && wanted.ContainsKey(inode) && !found.ContainsKey(inode))
                        {
                            found[inode] = pid;
                        }
                    }
                }
                catch (UnauthorizedAccessException)
                {
                    deniedProcesses++;
                }
                catch (IOException)
                {
                    // The process exited while we looked: its sockets are gone too.
                }
            }

            LastFdsRead = fdsRead;
            var users = UserNameMap.FromSystem();
            var info = new ProcessInfoReader(_procRoot, users);
            var byPid = new Dictionary<int, ProcessOwner>();
            var owners = new ProcessOwner?[sockets.Count];
            for (int i = 0; i < sockets.Count; i++)
            {
                if (found.TryGetValue(sockets[i].Inode, out int pid))
                {
                    if (!byPid.TryGetValue(pid, out var owner))
                    {
                        owner = info.Read(pid);
                        byPid[pid] = owner;
                    }

                    owners[i] = owner;
                }
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

            string? reason = deniedProcesses > 0
                ? $"permission denied on /proc/<pid>/fd of {deniedProcesses} processes of other users; run as root (sudo) to see every owner."
                : "no visible process holds them (kernel sockets, processes in another PID namespace such as a container, or sockets closed during the scan).";
            return new OwnerLookup(owners, missing, missing > 0 ? reason : null);
        }

        private IEnumerable<int> ProcessIds()
        {
            foreach (string dir in Directory.EnumerateDirectories(_procRoot))
            {
                string name = Path.GetFileName(dir);
                if (name.Length > 0 && name[0] >= '1' && name[0] <= '9'
                    && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    yield return pid;
                }
            }
        }
    }
}
