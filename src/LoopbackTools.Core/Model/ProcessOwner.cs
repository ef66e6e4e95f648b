using System;

namespace LoopbackTools
{
    /// <summary>The process that holds a socket. Text fields are untrusted: another user chose them.</summary>
    internal sealed class ProcessOwner
    {
        public ProcessOwner(int processId)
        {
            ProcessId = processId;
        }

        public int ProcessId { get; }

        public string? Name { get; set; }

        public string? Path { get; set; }

        public string? CommandLine { get; set; }

        public string? UserName { get; set; }

        public DateTime? StartTime { get; set; }

        /// <summary>The parent's id when the OS tells it (Linux: stat field 4), for choosing a socket's primary holder.</summary>
        public int? ParentProcessId { get; set; }

        /// <summary>The start time in the OS's own exact unit (Linux: clock ticks after boot), to order holders without rounding.</summary>
        public ulong? StartTicks { get; set; }
    }
}
