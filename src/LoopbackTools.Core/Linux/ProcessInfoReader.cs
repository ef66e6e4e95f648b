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

        private DateTime? StartTimeOf(ulong ticks) => StartTime(_bootTimeUtc, ticks, _clockTicks);

        // The parsers below take text that LXCFS, gVisor and other containers' /proc may shape differently: a field that
        // does not read is unknown (null), never an exception that would cost the row it belongs to.

        /// <summary>Boot time plus ticks, local; null when either is unknown or the sum is no date.</summary>
        internal static DateTime? StartTime(DateTime? bootTimeUtc, ulong? ticks, long clockTicks)
        {
            if (bootTimeUtc == null || ticks == null || clockTicks <= 0)
            {
                return null;
            }

            double seconds = (double)ticks.Value / clockTicks;
            if (seconds > (DateTime.MaxValue - bootTimeUtc.Value).TotalSeconds - 86400)
            {
                return null;
            }

            return bootTimeUtc.Value.AddSeconds(seconds).ToLocalTime();
        }

        /// <summary>The real uid of the Uid line of /proc/&lt;pid&gt;/status; uids run to 2^32 - 2.</summary>
        internal static bool TryParseUid(string status, out uint uid)
        {
            uid = 0;
            int at = status.IndexOf("\nUid:", StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var fields = status.Substring(at + 5, Math.Min(64, status.Length - at - 5)).Split(new[] { '\t', ' ', '\n' },
                StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out uid);
        }

        private static DateTime? ReadBootTime(string procRoot)
        {
            string? stat = OptionalFile.TryReadAllText(procRoot + "/stat");
            return stat == null ? null : ParseBootTime(stat);
        }

        /// <summary>The "btime &lt;seconds since the epoch&gt;" line of /proc/stat, or null.</summary>
        internal static DateTime? ParseBootTime(string stat)
        {
            int at = 0;
            if (!stat.StartsWith("btime", StringComparison.Ordinal))
            {
                at = stat.IndexOf("\nbtime", StringComparison.Ordinal) + 1;
                if (at == 0)
                {
                    return null;
                }
            }

            int end = stat.IndexOf('\n', at);
            string value = stat.Substring(at + 5, (end < 0 ? stat.Length : end) - at - 5).Trim();
            var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            // Up to the year 9000: anything beyond is not a boot time, and AddSeconds would throw.
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds > 220_000_000_000L)
            {
                return null;
            }

            return epoch.AddSeconds(seconds);
        }
    }
}
