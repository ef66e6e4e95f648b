using System;
using System.Globalization;
using LoopbackTools.Native;

namespace LoopbackTools.Linux
{
    /// <summary>Reads one process's identity from /proc/&lt;pid&gt;; every field is best effort because processes come and go.</summary>
    internal sealed class ProcessInfoReader
    {
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

        public ProcessOwner Read(int pid)
        {
            string dir = _procRoot + "/" + pid.ToString(CultureInfo.InvariantCulture);
            var owner = new ProcessOwner(pid)
            {
                Name = OptionalFile.TryReadAllText(dir + "/comm")?.TrimEnd('\n'),
                Path = LinuxLinks.TryRead(dir + "/exe"),
                CommandLine = ReadCommandLine(dir + "/cmdline"),
            };

            string? status = OptionalFile.TryReadAllText(dir + "/status");
            if (status != null && TryParseUid(status, out int uid))
            {
                owner.UserName = _users.NameOf(uid);
            }

            owner.StartTime = ReadStartTime(dir + "/stat");
            return owner;
        }

        private static string? ReadCommandLine(string path)
        {
            string? raw = OptionalFile.TryReadAllText(path);
            if (string.IsNullOrEmpty(raw))
            {
                return raw == null ? null : string.Empty;
            }

            // Arguments are NUL-separated with a trailing NUL; show them the way ps does.
            return raw!.TrimEnd('\0').Replace('\0', ' ');
        }

        private DateTime? ReadStartTime(string path)
        {
            string? stat = OptionalFile.TryReadAllText(path);
            return stat == null ? null : StartTime(_bootTimeUtc, ParseStartTicks(stat), _clockTicks);
        }

        // Every parser below takes text that LXCFS, gVisor and other containers' /proc may shape differently: a field
        // that does not read is unknown (null), never an exception that would cost the row it belongs to.

        /// <summary>Field 22 of /proc/&lt;pid&gt;/stat (start time in clock ticks since boot), or null.</summary>
        internal static ulong? ParseStartTicks(string stat)
        {
            // The command name in parentheses may itself contain spaces and ')': fields restart after the last ')'.
            int close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 > stat.Length)
            {
                return null;
            }

            var fields = stat.Substring(close + 2).Split(' ');
            // After ")" field 0 is state (field 3 of stat(5)); starttime is field 22, so index 19 here.
            return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks)
                ? ticks
                : (ulong?)null;
        }

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

        internal static bool TryParseUid(string status, out int uid)
        {
            uid = -1;
            int at = status.IndexOf("\nUid:", StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var fields = status.Substring(at + 5, Math.Min(64, status.Length - at - 5)).Split(new[] { '\t', ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out uid);
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
