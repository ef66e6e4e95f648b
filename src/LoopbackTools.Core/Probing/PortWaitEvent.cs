using System;
using System.Collections.Generic;

namespace LoopbackTools.Probing
{
    /// <summary>What a <see cref="PortWaiter"/> reports to its caller, on the caller's thread, between probe rounds.</summary>
    internal sealed class PortWaitEvent
    {
        private PortWaitEvent(
            PortWaitEventKind kind, PortWait? wait, IReadOnlyList<PortTestResult> results, string? text, TimeSpan elapsed, int pending)
        {
            Kind = kind;
            Wait = wait;
            Results = results;
            Text = text;
            Elapsed = elapsed;
            Pending = pending;
        }

        public PortWaitEventKind Kind { get; }

        /// <summary>The port the event is about; null for Progress and Warning.</summary>
        public PortWait? Wait { get; }

        /// <summary>Met: what to return. TimedOut: the last round's results.</summary>
        public IReadOnlyList<PortTestResult> Results { get; }

        /// <summary>Warning: its text. TimedOut: the error message. Progress: what is still awaited.</summary>
        public string? Text { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>How many ports are still awaited after this event.</summary>
        public int Pending { get; }

        internal static PortWaitEvent Met(PortWait wait, TimeSpan elapsed, int pending) =>
            new PortWaitEvent(PortWaitEventKind.Met, wait, wait.Answer(), null, elapsed, pending);

        internal static PortWaitEvent TimedOut(PortWait wait, TimeSpan timeout, TimeSpan elapsed) =>
            new PortWaitEvent(PortWaitEventKind.TimedOut, wait, wait.LastRound, wait.TimeoutMessage(timeout), elapsed, 0);

        internal static PortWaitEvent Progress(string text, TimeSpan elapsed, int pending) =>
            new PortWaitEvent(PortWaitEventKind.Progress, null, Array.Empty<PortTestResult>(), text, elapsed, pending);

        internal static PortWaitEvent Warning(string text, TimeSpan elapsed, int pending) =>
            new PortWaitEvent(PortWaitEventKind.Warning, null, Array.Empty<PortTestResult>(), text, elapsed, pending);
    }
}
