using System;
using System.Collections.Generic;
using System.IO;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Turns cgroup v2 ids (what netlink reports for a socket, INET_DIAG_CGROUP_ID) into cgroup paths. A cgroup's id is
    /// the inode number of its folder in the cgroup2 file system, so one walk of the tree, stopped once every wanted id
    /// is found, names them all.
    /// </summary>
    internal static class CgroupIdMap
    {
        /// <summary>A tree deeper than this is not a cgroup layout any engine makes; the walk does not follow it.</summary>
        private const int MaxDepth = 32;

        /// <summary>The cgroup2 mount point from mountinfo ("... - cgroup2 ..."); null when there is none.</summary>
        public static string? FindRoot(string? mountinfo)
        {
            if (mountinfo == null)
            {
                return null;
            }

            foreach (string line in mountinfo.Split('\n'))
            {
                int dash = line.IndexOf(" - ", StringComparison.Ordinal);
                if (dash < 0)
                {
                    continue;
                }

                string[] after = line.Substring(dash + 3).Split(' ');
                string[] before = line.Substring(0, dash).Split(' ');
                if (after.Length > 0 && after[0] == "cgroup2" && before.Length > 4)
                {
                    // The mount point escapes spaces and the like as \040; cgroup mounts have none in practice.
                    return before[4].Replace("\\040", " ");
                }
            }

            return null;
        }

        /// <summary>Paths ("/system.slice/docker-&lt;id&gt;.scope") for the wanted ids found under <paramref name="root"/>.</summary>
        public static Dictionary<ulong, string> Resolve(string root, ICollection<ulong> wanted)
        {
            var found = new Dictionary<ulong, string>();
            if (wanted.Count == 0)
            {
                return found;
            }

            var pending = new Stack<(string Folder, string Path, int Depth)>();
            pending.Push((root, "/", 0));
            while (pending.Count > 0 && found.Count < wanted.Count)
            {
                var (folder, path, depth) = pending.Pop();
                ulong? id = FileInode.Of(folder);
                if (id.HasValue && wanted.Contains(id.Value) && !found.ContainsKey(id.Value))
                {
                    found[id.Value] = path;
                }

                if (depth >= MaxDepth)
                {
                    continue;
                }

                string[] children;
                try
                {
                    children = Directory.GetDirectories(folder);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (string child in children)
                {
                    string name = System.IO.Path.GetFileName(child);
                    pending.Push((child, path == "/" ? "/" + name : path + "/" + name, depth + 1));
                }
            }

            return found;
        }
    }
}
