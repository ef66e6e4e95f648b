using System;
using System.Runtime.InteropServices;
using LoopbackTools.Native;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// The path a program was started by, when it is a symlink to the executable: Debian's /usr/bin/redis-server is a
    /// symlink to redis-check-rdb, so the kernel names the executable /usr/bin/redis-check-rdb while the admin (and
    /// systemd, and the policy) know it as /usr/bin/redis-server. argv[0] holds the name it was started by; it is
    /// trusted only when it really resolves to the executable, so a process cannot claim another program's path.
    /// </summary>
    internal static class StartedAs
    {
        private const int MaxTries = 8;

        /// <summary>The symlink in argv[0] that resolves to <paramref name="executable"/>, or null.</summary>
        public static string? PathOf(string? commandLine, string? executable) => PathOf(commandLine, executable, RealPath);

        /// <summary>As <see cref="PathOf(string?, string?)"/>, resolving paths with <paramref name="realPath"/>.</summary>
        public static string? PathOf(string? commandLine, string? executable, Func<string, string?> realPath)
        {
            if (string.IsNullOrEmpty(commandLine) || string.IsNullOrEmpty(executable) || commandLine![0] != '/')
            {
                return null;
            }

            // argv[0] ends at the first NUL, which the command line shows as a space; a process may also rewrite its
            // title (redis shows "/usr/bin/redis-server 127.0.0.1:6379"): try each prefix that ends before a space.
            int end = commandLine.IndexOf(' ');
            for (int tries = 0; tries < MaxTries; tries++)
            {
                string candidate = end < 0 ? commandLine : commandLine.Substring(0, end);
                if (!string.Equals(candidate, executable, StringComparison.Ordinal)
                    && string.Equals(realPath(candidate), executable, StringComparison.Ordinal))
                {
                    return candidate;
                }

                if (end < 0)
                {
                    break;
                }

                end = commandLine.IndexOf(' ', end + 1);
            }

            return null;
        }

        /// <summary>realpath(3): the path with every symlink resolved; null when it does not exist or off Unix.</summary>
        public static string? RealPath(string path)
        {
            if (!LoopbackTools.Platform.IsLinux && !LoopbackTools.Platform.IsMacOS)
            {
                return null;
            }

            try
            {
                IntPtr resolved = LibC.realpath(path, IntPtr.Zero);
                if (resolved == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    return Marshal.PtrToStringAnsi(resolved);
                }
                finally
                {
                    LibC.free(resolved);
                }
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }
        }
    }
}
