using System;
using LoopbackTools.Native;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// Reads one process's name, path, start time and user with the least right Windows has for it,
    /// PROCESS_QUERY_LIMITED_INFORMATION, and never anything more: System.Diagnostics.Process.MainModule asks for
    /// PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, which services, other users' and protected processes refuse to a
    /// non-elevated caller, and which a 32-bit Windows PowerShell cannot use on any 64-bit process at all.
    /// </summary>
    /// <remarks>
    /// Order matters for honesty: the handle is opened first, and everything else is read through it while it is open.
    /// An open handle keeps the process object, and with it its id, alive, so the path, start time, user and (when the
    /// path is missing) the process-list name all belong to one process. The caller compares that start time with the
    /// time the socket table was read to notice a reused id.
    /// </remarks>
    internal sealed class WindowsProcessProbe
    {
        private readonly IWindowsProcessApi _api;

        public WindowsProcessProbe(IWindowsProcessApi api)
        {
            _api = api;
        }

        public ProcessProbe Probe(int processId)
        {
            uint error = _api.Open(processId, Kernel32.PROCESS_QUERY_LIMITED_INFORMATION, out var process);
            if (error == WinError.ERROR_INVALID_PARAMETER)
            {
                return ProcessProbe.Gone(); // OpenProcess's answer for an id that no process has
            }

            if (error != WinError.ERROR_SUCCESS || process == null)
            {
                // Refused even the limited right: only the process list, which needs no handle, still names it.
                string? listed = _api.ProcessListName(processId);
                return listed == null
                    ? ProcessProbe.Gone()
                    : new ProcessProbe { Name = listed, Unreadable = true, UserUnreadable = true };
            }

            using (process)
            {
                var probe = new ProcessProbe();
                if (process.ImagePath(out string? path) == WinError.ERROR_SUCCESS && !string.IsNullOrEmpty(path))
                {
                    probe.Path = path;
                }

                if (process.CreationTimeUtc(out DateTime created) == WinError.ERROR_SUCCESS)
                {
                    probe.StartTime = created;
                }

                if (process.UserName(out string? user) == WinError.ERROR_SUCCESS && !string.IsNullOrEmpty(user))
                {
                    probe.UserName = user;
                }
                else
                {
                    probe.UserUnreadable = true;
                }

                // Minimal processes (Registry, Memory Compression, Secure System) open but have no image file.
                probe.Name = probe.Path != null ? ShortName(probe.Path) : _api.ProcessListName(processId);
                probe.Unreadable = probe.Path == null || probe.StartTime == null;
                return probe;
            }
        }

        /// <summary>
        /// The process-list form of a name, as Get-Process shows it: the file name without a final ".exe", so a name
        /// derived from the path and one from the process list agree.
        /// </summary>
        internal static string ShortName(string path)
        {
            int slash = Math.Max(path.LastIndexOf('\\'), path.LastIndexOf('/'));
            string file = slash >= 0 ? path.Substring(slash + 1) : path;
            return file.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) && file.Length > 4
                ? file.Substring(0, file.Length - 4)
                : file;
        }
    }
}
