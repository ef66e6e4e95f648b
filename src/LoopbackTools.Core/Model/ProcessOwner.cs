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
    }
}
