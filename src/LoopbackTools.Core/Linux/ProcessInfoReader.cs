using System;
using System.Globalization;
using LoopbackTools.Native;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Reads one process's identity from /proc/&lt;pid&gt;: whole, from the process the fd walk saw, or not at all.
    /// Safe to share between threads.
    /// </summary>
    internal sealed class ProcessInfoReader
    {
        // The kernel returns the whole argument area; a megabyte is more than any ps shows, and bounds a hostile one.
        private const int MaxCommandLineBytes = 1024 * 1024;

        private readonly string _procRoot;
        private readonly UserNameMap _users;
        private readonly DateTime? _bootTimeUtc;
        private readonly long _clockTicks;

        public ProcessInfoReader(string procRoot, UserNameMap users)
        {
            _procRoot = procRoot;
            _users = users;
            _bootTimeUtc = ReadBootTime(procRoot);
            long ticks = 0;
            try
            {
                ticks = LibC.sysconf(LibC.SC_CLK_TCK);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
            }

            _clockTicks = ticks > 0 ? ticks : 100;
        }

        /// <summary>
        /// Reads the process that the fd walk saw as <paramref name="seen"/>, whole, or returns null: when it has exited,
        /// when its id now names another process, or when it ran another program since (the socket seen then belonged to
        /// the program before). Every file is read through one open /proc/&lt;pid&gt; directory, between two reads of its
        /// stat that must both match <paramref name="seen"/>, so no field comes from a different process or image.
        /// </summary>
        public ProcessOwner? Read(int pid, ProcStat seen)
        {
            using var process = ProcessDirectory.TryOpen(_procRoot, pid, out _);
            if (process == null || !IsSame(process, seen))
            {
                return null;
            }

            var owner = new ProcessOwner(pid)
            {
                Name = process.TryReadText("comm", 1024)?.TrimEnd('\n'),
                Path = process.TryReadLink("exe"),
                CommandLine = ReadCommandLine(process.TryReadText("cmdline", MaxCommandLineBytes)),
                ParentProcessId = seen.ParentProcessId,
                StartTicks = seen.StartTicks,
                StartTime = StartTimeOf(seen.StartTicks),
            };

            string? status = process.TryReadText("status", 64 * 1024);
            if (status != null && TryParseUid(status, out uint uid))
            {
                owner.UserName = _users.NameOf(uid);
            }

            // comm and status are readable in every live process: without them it exited while we read.
            return owner.Name != null && status != null && IsSame(process, seen) ? owner : null;
        }

        private static bool IsSame(ProcessDirectory process, ProcStat seen) =>
            process.TryReadStat(new byte[1024], out var now) && !now.HasExited && now.SameImageAs(seen);

        private static string? ReadCommandLine(string? raw)
        {
            if (string.IsNullOrEmpty(raw))
            {
                return raw == null ? null : string.Empty;
            }

            // Arguments are NUL-separated with a trailing NUL; show them the way ps does.
            return raw!.TrimEnd('\0').Replace('\0', ' ');
        }

        private DateTime? StartTimeOf(ulong ticks) =>
            _bootTimeUtc?.AddSeconds((double)ticks / _clockTicks).ToLocalTime();

        private static bool TryParseUid(string status, out uint uid)
        {
            uid = 0;
            int at = status.IndexOf("\nUid:", StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var fields = status.Substring(at + 5, Math.Min(64, status.Length - at - 5)).Split(new[] { '\t', ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out uid);
        }

        private static DateTime? ReadBootTime(string procRoot)
        {
            string? stat = OptionalFile.TryReadAllText(procRoot + "/stat");
            if (stat == null)
            {
                return null;
            }

            int at = stat.IndexOf("btime ", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int end = stat.IndexOf('\n', at);
            string value = stat.Substring(at + 6, (end < 0 ? stat.Length : end) - at - 6);
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds)
                ? new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds)
                : (DateTime?)null;
        }
    }
}
