using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>What a host's invocation reported, queued for the cmdlet's own thread (the only one that may write).</summary>
    internal sealed class RemoteEvent
    {
        public RemoteEvent(RemoteHostJob job, RemoteEventKind kind, object? data)
        {
            Job = job;
            Kind = kind;
            Data = data;
        }

        public RemoteHostJob Job { get; }

        public RemoteEventKind Kind { get; }

        /// <summary>The object, ErrorRecord, WarningRecord, VerboseRecord, PSInvocationStateInfo or failure message.</summary>
        public object? Data { get; }
    }

    internal enum RemoteEventKind
    {
        Output,
        Error,
        Warning,
        Verbose,

        /// <summary>The invocation ended (Data: its PSInvocationStateInfo).</summary>
        Finished,

        /// <summary>The host is unavailable; Data is the message, with ssh's reason when it could be learned.</summary>
        Unavailable,
    }
}
