using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using LoopbackTools.Containers;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>
    /// Real cgroups laid out as container engines and systemd lay them out (docker-&lt;id&gt;.scope, kubepods pod slices,
    /// &lt;name&gt;.service), made under one folder of our own in the cgroup v2 tree and, on a hybrid host, in the
    /// name=systemd tree too, so /proc/PID/cgroup reads as it does on a host running the engine. Removed on Dispose
    /// (leaf first; the processes in them must have been stopped before).
    /// </summary>
    internal sealed class FakeCgroups : IDisposable
    {
        private readonly List<string> _created = new List<string>();

        public FakeCgroups()
        {
            string mountinfo = File.ReadAllText("/proc/self/mountinfo");
            V2Root = CgroupIdMap.FindRoot(mountinfo) ?? throw new InvalidOperationException("no cgroup2 mount");
            SystemdRoot = FindSystemdRoot(mountinfo);
            Top = "lbt-" + Guid.NewGuid().ToString("N").Substring(0, 10) + ".slice";
        }

        public string V2Root { get; }

        /// <summary>The name=systemd v1 hierarchy of a hybrid host; null on a pure v2 host.</summary>
        public string? SystemdRoot { get; }

        /// <summary>Our folder at the top of each tree; every cgroup made here is under it.</summary>
        public string Top { get; }

        /// <summary>The v2 folder for a path under <see cref="Top"/> ("system.slice/docker-&lt;id&gt;.scope").</summary>
        public string V2Folder(string relative) => Path.Combine(V2Root, Top, relative);

        /// <summary>Creates the cgroup in each tree and moves the process into it; returns its path as /proc/PID/cgroup shows it.</summary>
        public string Place(int pid, string relative)
        {
            foreach (string root in Roots())
            {
                string folder = Path.Combine(root, Top, relative);
                if (!Directory.Exists(folder))
                {
                    foreach (string level in Levels(root, relative))
                    {
                        if (!Directory.Exists(level))
                        {
                            Directory.CreateDirectory(level);
                            _created.Add(level);
                        }
                    }
                }

                File.WriteAllText(Path.Combine(folder, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }

            return "/" + Top + "/" + relative;
        }

        public void Dispose()
        {
            // Deepest first; a cgroup whose last process is still exiting stays busy for a moment.
            _created.Sort((a, b) => b.Length.CompareTo(a.Length));
            foreach (string folder in _created)
            {
                for (int attempt = 0; attempt < 50 && Directory.Exists(folder); attempt++)
                {
                    try
                    {
                        Directory.Delete(folder);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
        }

        private IEnumerable<string> Roots()
        {
            yield return V2Root;
            if (SystemdRoot != null)
            {
                yield return SystemdRoot;
            }
        }

        private IEnumerable<string> Levels(string root, string relative)
        {
            string path = Path.Combine(root, Top);
            yield return path;
            foreach (string part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                path = Path.Combine(path, part);
                yield return path;
            }
        }

        /// <summary>The mount point of the v1 hierarchy with the name=systemd option.</summary>
        private static string? FindSystemdRoot(string mountinfo)
        {
            foreach (string line in mountinfo.Split('\n'))
            {
                int dash = line.IndexOf(" - ", StringComparison.Ordinal);
                if (dash < 0)
                {
                    continue;
                }

                string[] after = line.Substring(dash + 3).Split(' ');
                string[] before = line.Substring(0, dash).Split(' ');
                if (after.Length > 2 && after[0] == "cgroup" && after[2].Contains("name=systemd", StringComparison.Ordinal) && before.Length > 4)
                {
                    return before[4];
                }
            }

            return null;
        }
    }
}
