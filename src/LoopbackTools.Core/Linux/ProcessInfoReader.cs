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
                Name = SurrogateEscape.DecodeLine(OptionalFile.TryReadAllBytes(dir + "/comm")),
                Path = LinuxLinks.TryRead(dir + "/exe"),
                CommandLine = ReadCommandLine(dir + "/cmdline"),
            };

            string? status = OptionalFile.TryReadAllText(dir + "/status");
            if (status != null && TryParseUid(status, out uint uid))
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
            if (stat == null || _bootTimeUtc == null)
            {
                return null;
            }

            // The command name in parentheses may itself contain spaces and ')': fields restart after the last ')'.
            int close = stat.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var fields = stat.Substring(close + 2).Split(' ');
            // After ")" field 0 is state (field 3 of stat(5)); starttime is field 22, so index 19 here.
            if (fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong ticks))
            {
                return _bootTimeUtc.Value.AddSeconds((double)ticks / _clockTicks).ToLocalTime();
            }

            return null;
        }

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
