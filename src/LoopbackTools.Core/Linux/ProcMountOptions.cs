using System;
using System.IO;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The hidepid and gid options of the proc mount the owner walk reads, from /proc/self/mountinfo. With hidepid=2
    /// (invisible) other users' processes are missing from /proc altogether, so a user who is not root sees sockets
    /// without owners and no "permission denied" to explain it: the warning must name the mount option instead.
    /// </summary>
    internal sealed class ProcMountOptions
    {
        private ProcMountOptions(string hidePid, string? gid)
        {
            HidePid = hidePid;
            Gid = gid;
        }

        /// <summary>The option as the kernel shows it: "invisible", "noaccess", "ptraceable" (or 2, 1, 4 on older kernels).</summary>
        public string HidePid { get; }

        /// <summary>The group whose members see every process despite hidepid, or null.</summary>
        public string? Gid { get; }

        /// <summary>Processes are hidden from /proc listings (invisible, ptraceable), not only closed (noaccess).</summary>
        public bool HidesProcesses => HidePid == "2" || HidePid == "invisible" || HidePid == "4" || HidePid == "ptraceable";

        /// <summary>The options of the proc mount at <paramref name="procRoot"/> as this process sees it; null without hidepid.</summary>
        public static ProcMountOptions? ForMountPoint(string procRoot) =>
            Parse(OptionalFile.TryReadAllText("/proc/self/mountinfo"), procRoot);

        /// <summary>
        /// Finds the last (topmost) mount at <paramref name="mountPoint"/> in mountinfo text (proc(5): "36 35 0:20 / /proc
        /// rw,relatime - proc proc rw,hidepid=invisible,gid=27") and returns its hidepid, or null when the mount is not
        /// proc, is not listed, or hides nothing (hidepid=0/off).
        /// </summary>
        public static ProcMountOptions? Parse(string? mountInfo, string mountPoint)
        {
            if (mountInfo == null)
            {
                return null;
            }

            string wanted = mountPoint.Length > 1 ? mountPoint.TrimEnd('/') : mountPoint;
            string? superOptions = null;
            bool found = false;
            using (var reader = new StringReader(mountInfo))
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    var fields = line.Split(' ');
                    int separator = Array.IndexOf(fields, "-");
                    // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
                    if (fields.Length < 10 || separator < 6 || separator + 3 >= fields.Length || Unescape(fields[4]) != wanted)
                    {
                        continue;
                    }

                    found = true;
                    superOptions = fields[separator + 1] == "proc" ? fields[separator + 3] : null;
                }
            }

            if (!found || superOptions == null)
            {
                return null;
            }

            string? hidePid = null;
            string? gid = null;
            foreach (var option in superOptions.Split(','))
            {
                if (option.StartsWith("hidepid=", StringComparison.Ordinal))
                {
                    hidePid = option.Substring(8);
                }
                else if (option.StartsWith("gid=", StringComparison.Ordinal))
                {
                    gid = option.Substring(4);
                }
            }

            return hidePid == null || hidePid == "0" || hidePid == "off" ? null : new ProcMountOptions(hidePid, gid);
        }

        /// <summary>mountinfo escapes space, tab, newline and backslash in paths as \040, \011, \012 and \134.</summary>
        private static string Unescape(string path)
        {
            if (path.IndexOf('\\') < 0)
            {
                return path;
            }

            return path.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
        }
    }
}
