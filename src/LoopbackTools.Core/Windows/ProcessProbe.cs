using System;

namespace LoopbackTools.Windows
{
    /// <summary>What one look at a process gave; the seam that lets tests fake locked, vanished and reused processes.</summary>
    internal sealed class ProcessProbe
    {
        public string? Name { get; set; }

        public string? Path { get; set; }

        /// <summary>When the process started; the Win32 probe gives it in UTC (GetProcessTimes), fakes may give local time.</summary>
        public DateTime? StartTime { get; set; }

        /// <summary>DOMAIN\name of the account the process runs as (or its SID when no account name maps to it).</summary>
        public string? UserName { get; set; }

        /// <summary>The process exists but did not give its path or start time.</summary>
        public bool Unreadable { get; set; }

        /// <summary>The process exists but its user could not be read (its token refused TOKEN_QUERY, or it could not be opened).</summary>
        public bool UserUnreadable { get; set; }

        /// <summary>The process had exited by the time we looked.</summary>
        public bool Exited { get; set; }

        public static ProcessProbe Gone(string? name = null) => new ProcessProbe { Exited = true, Name = name };
    }
}
