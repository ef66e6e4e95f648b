using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using LoopbackTools.Native;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// Finds the network namespaces of this host the way osquery and lsns do: one per distinct /proc/PID/ns/net target,
    /// plus the names under /run/netns (ip netns), which can hold a namespace no process is in.
    /// </summary>
    /// <remarks>
    /// A process whose namespace link this user may not read (another user's, without root; a process that is not
    /// dumpable, even for root) still shows its namespace's tables in /proc/PID/net, readable by anyone: those files'
    /// inode numbers are made once per namespace, so they place such a process in a namespace already known by id, or
    /// gather it with others into a namespace whose id stays unknown.
    /// </remarks>
    internal sealed class NamespaceDirectory
    {
        private readonly string _procRoot;
        private readonly string _namedRoot;

        public NamespaceDirectory(string procRoot = "/proc", string namedRoot = "/run/netns")
        {
            _procRoot = procRoot;
            _namedRoot = namedRoot;
        }

        /// <summary>The namespace of the calling thread (which is the process's, unless the thread entered another).</summary>
        public ulong? CurrentInode() => ReadLink(_procRoot + "/thread-self/ns/net", out _);

        /// <summary>The caller's namespace alone; nothing else is looked at.</summary>
        public NetworkNamespaceInfo Current() => new NetworkNamespaceInfo(CurrentInode()) { IsCurrent = true };

        /// <summary>Which namespaces the selection names, each once, the caller's first, then by id.</summary>
        public NamespaceResolution Resolve(NamespaceSelection selection, CancellationToken cancellationToken = default)
        {
            if (selection.IsCurrentOnly)
            {
                return new NamespaceResolution(new[] { Current() }, new NamespaceSpec[0], 0);
            }

            var all = Enumerate(cancellationToken, out int unidentified);
            var chosen = new List<NetworkNamespaceInfo>();
            var notFound = new List<NamespaceSpec>();
            foreach (var spec in selection.Specs)
            {
                var found = Find(all, spec);
                if (found.Count == 0)
                {
                    notFound.Add(spec);
                }

                foreach (var info in found)
                {
                    if (!chosen.Contains(info))
                    {
                        chosen.Add(info);
                    }
                }
            }

            chosen.Sort(Order);
            return new NamespaceResolution(chosen, notFound, selection.IncludesAll ? unidentified : 0);
        }

        /// <summary>
        /// Checks each value against the host now. Values that name nothing go to <paramref name="notFound"/>; a process
        /// id becomes its namespace's id, so later reads (a watch) follow the namespace rather than whatever process is
        /// given that id next. Null when no value is left to read. Where the OS has no namespaces, Current and All are
        /// its one table and any other value names nothing.
        /// </summary>
        public NamespaceSelection? Pin(NamespaceSelection selection, List<NamespaceSpec> notFound, CancellationToken cancellationToken = default)
        {
            var kept = new List<NamespaceSpec>();
            List<NetworkNamespaceInfo>? all = null;
            foreach (var spec in selection.Specs)
            {
                if (spec.Kind == NamespaceSpecKind.Current || spec.Kind == NamespaceSpecKind.All)
                {
                    kept.Add(Platform.IsLinux ? spec : NamespaceSpec.Current);
                    continue;
                }

                if (!Platform.IsLinux)
                {
                    notFound.Add(spec);
                    continue;
                }

                all ??= Enumerate(cancellationToken, out _);
                var found = Find(all, spec);
                if (found.Count == 0)
                {
                    notFound.Add(spec);
                }
                else if (spec.Kind == NamespaceSpecKind.ProcessId && found[0].Inode.HasValue)
                {
                    kept.Add(NamespaceSpec.OfInode(spec.Text, found[0].Inode!.Value));
                }
                else
                {
                    kept.Add(spec);
                }
            }

            return kept.Count == 0 ? null : new NamespaceSelection(kept);
        }

        /// <summary>Every network namespace, the caller's first, then by id (unidentified ones last).</summary>
        public List<NetworkNamespaceInfo> Enumerate(CancellationToken cancellationToken, out int unidentifiedProcesses)
        {
            ulong? current = CurrentInode();
            var byInode = new Dictionary<ulong, NetworkNamespaceInfo>();
            var denied = new List<int>();
            foreach (int pid in ProcessIds())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ulong? inode = ReadLink(_procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/ns/net", out int errno);
                if (inode.HasValue)
                {
                    Get(byInode, inode.Value).ProcessIds.Add(pid);
                }
                else if (errno == Errno.EACCES || errno == Errno.EPERM)
                {
                    denied.Add(pid);
                }

                // ENOENT: the process exited, or is a zombie, which has no namespace left.
            }

            foreach (var (name, inode) in Named())
            {
                var info = Get(byInode, inode);
                info.Names.Add(name);
                info.NamedRoot = _namedRoot;
            }

            if (current.HasValue)
            {
                Get(byInode, current.Value).IsCurrent = true;
            }

            var result = new List<NetworkNamespaceInfo>(byInode.Values);
            unidentifiedProcesses = PlaceDenied(result, denied);
            foreach (var info in result)
            {
                info.Names.Sort(StringComparer.Ordinal);
            }

            result.Sort(Order);
            return result;
        }

        /// <summary>The inode of a namespace link (/proc/PID/ns/net, or an nsfs file under /run/netns through statx).</summary>
        public static ulong? ReadLink(string path, out int errno)
        {
            var buffer = new byte[64];
            long n;
            try
            {
                n = LibC.readlink(path, buffer, (IntPtr)buffer.Length).ToInt64();
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                errno = Errno.ENOSYS;
                return null;
            }

            errno = n < 0 ? Marshal.GetLastWin32Error() : 0;
            return n <= 0 ? null : NetworkNamespaceInfo.ParseLink(Encoding.ASCII.GetString(buffer, 0, (int)n));
        }

        /// <summary>Puts processes whose namespace link was denied into namespaces by their /proc/PID/net identity.</summary>
        private int PlaceDenied(List<NetworkNamespaceInfo> known, List<int> denied)
        {
            if (denied.Count == 0)
            {
                return 0;
            }

            var byIdentity = new Dictionary<ulong, NetworkNamespaceInfo>();
            foreach (var info in known)
            {
                ulong identity = 0;
                for (int i = 0; i < info.ProcessIds.Count && identity == 0 && i < 3; i++)
                {
                    identity = ProcIdentity(info.ProcessIds[i]);
                }

                if (identity == 0 && info.IsCurrent)
                {
                    identity = FileInode.Of(_procRoot + "/thread-self/net/tcp") ?? 0;
                }

                if (identity != 0)
                {
                    info.ProcIdentity = identity;
                    byIdentity[identity] = info;
                }
            }

            int unidentified = 0;
            foreach (int pid in denied)
            {
                ulong identity = ProcIdentity(pid);
                if (identity == 0)
                {
                    continue; // exited meanwhile
                }

                if (!byIdentity.TryGetValue(identity, out var info))
                {
                    info = new NetworkNamespaceInfo(null) { ProcIdentity = identity };
                    byIdentity[identity] = info;
                    known.Add(info);
                }

                if (!info.Inode.HasValue)
                {
                    unidentified++;
                }

                info.ProcessIds.Add(pid);
            }

            foreach (var info in known)
            {
                info.ProcessIds.Sort();
            }

            return unidentified;
        }

        private ulong ProcIdentity(int pid) => FileInode.Of(_procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture) + "/net/tcp") ?? 0;

        private static List<NetworkNamespaceInfo> Find(List<NetworkNamespaceInfo> all, NamespaceSpec spec)
        {
            var found = new List<NetworkNamespaceInfo>();
            foreach (var info in all)
            {
                bool match = spec.Kind switch
                {
                    NamespaceSpecKind.All => true,
                    NamespaceSpecKind.Current => info.IsCurrent,
                    NamespaceSpecKind.Name => info.Names.Contains(spec.Name!),
                    NamespaceSpecKind.ProcessId => info.ProcessIds.BinarySearch(spec.ProcessId) >= 0,
                    NamespaceSpecKind.Inode => info.Inode == spec.Inode,
                    _ => false,
                };
                if (match)
                {
                    found.Add(info);
                }
            }

            return found;
        }

        private static NetworkNamespaceInfo Get(Dictionary<ulong, NetworkNamespaceInfo> byInode, ulong inode)
        {
            if (!byInode.TryGetValue(inode, out var info))
            {
                info = new NetworkNamespaceInfo(inode);
                byInode[inode] = info;
            }

            return info;
        }

        private static int Order(NetworkNamespaceInfo a, NetworkNamespaceInfo b)
        {
            int c = b.IsCurrent.CompareTo(a.IsCurrent);
            if (c == 0) c = a.Inode.HasValue == b.Inode.HasValue ? 0 : a.Inode.HasValue ? -1 : 1;
            if (c == 0) c = (a.Inode ?? 0).CompareTo(b.Inode ?? 0);
            if (c == 0) c = a.ProcIdentity.CompareTo(b.ProcIdentity);
            return c;
        }

        private IEnumerable<(string Name, ulong Inode)> Named()
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(_namedRoot);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                yield break; // no ip netns on this host, or not for this user
            }

            foreach (string file in files)
            {
                // An nsfs bind mount's inode is the namespace id; a name whose mount is gone is an empty plain file,
                // whose inode is some tmpfs number: nsfs itself says which files are namespaces.
                ulong? inode = NamedInode(file);
                if (inode.HasValue)
                {
                    yield return (Path.GetFileName(file), inode.Value);
                }
            }
        }

        private ulong? NamedInode(string file)
        {
            int fd;
            try
            {
                fd = LibC.open(file, LibC.O_RDONLY | LibC.O_CLOEXEC);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }

            if (fd < 0)
            {
                return null;
            }

            try
            {
                return FileInode.OfNetworkNamespace(fd);
            }
            finally
            {
                LibC.close(fd);
            }
        }

        private List<int> ProcessIds()
        {
            var pids = new List<int>(512);
            try
            {
                foreach (string dir in Directory.EnumerateDirectories(_procRoot))
                {
                    string name = Path.GetFileName(dir);
                    if (name.Length > 0 && name[0] >= '1' && name[0] <= '9'
                        && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                    {
                        pids.Add(pid);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return pids;
            }

            pids.Sort();
            return pids;
        }
    }
}
