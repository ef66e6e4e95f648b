using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using LoopbackTools.Inventory;
using LoopbackTools.Watch;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Polls the socket table with Get-LoopbackEndpoint's filters (<see cref="EndpointFilterCommandBase"/>) and streams
    /// what appears, disappears or changes, until -Count changes, -Duration or Ctrl+C. Each poll is exactly one inventory query with those filters.
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "LoopbackEndpoint")]
    [OutputType(typeof(EndpointChange))]
    public sealed class WatchLoopbackEndpointCommand : EndpointFilterCommandBase
    {
        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly WarningOnce _warnings = new WarningOnce();

        [Parameter]
        [ValidateRange(0.05, 86400.0)]
        public double Interval { get; set; } = 1.0;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        // A number is seconds, like -Interval: -Duration 10 watches for ten seconds, not ten ticks.
        [Parameter]
        [SecondsOrTimeSpan]
        public TimeSpan Duration { get; set; }

        protected override void EndProcessing()
        {
            bool hasDuration = MyInvocation.BoundParameters.ContainsKey(nameof(Duration));
            if (hasDuration && Duration <= TimeSpan.Zero)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.InvalidDuration, Duration,
                    $"-Duration must be longer than zero; {Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds was given."));
            }

            // Piped input that selects nothing leaves nothing to watch: the watch ends at once rather than watching everything.
            var query = InputQuery();
            if (query == null)
            {
                return;
            }

            // One inventory for the whole watch: the ephemeral range and services file are read once, not per poll.
            var inventory = EndpointInventory.ForCurrentPlatform();
            var previous = Poll(inventory, query);
            if (previous == null)
            {
                return;
            }

            WriteVerbose($"Watching {previous.Count} endpoints; a change is reported when a later read differs.");

            // The watch starts once it knows the table: a first read slower than -Duration still gets compared.
            var schedule = new PollSchedule(TimeSpan.FromSeconds(Interval), hasDuration ? Duration : (TimeSpan?)null);
            var clock = Stopwatch.StartNew();

            int emitted = 0;
            for (int poll = 1; ; poll++)
            {
                var wait = schedule.NextWait(clock.Elapsed);
                // Ctrl+C sets the token, whose wait handle ends this sleep at once.
                if (wait == null || _cancel.Token.WaitHandle.WaitOne(wait.Value))
                {
                    return;
                }

                var read = Stopwatch.StartNew();
                var current = Poll(inventory, query);
                if (current == null)
                {
                    return;
                }

                var readTime = read.Elapsed;
                var changes = EndpointSnapshotDiff.Compare(previous, current, DateTime.Now);
                // The benchmark parses this line: the watch's own cost per poll is the read plus the compare.
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Poll {0}: {1} endpoints, read {2:F1} ms, compare {3:F1} ms, {4} changes.",
                    poll, current.Count, readTime.TotalMilliseconds, (read.Elapsed - readTime).TotalMilliseconds, changes.Count));
                foreach (var change in changes)
                {
                    WriteObject(change);
                    if (Count > 0 && ++emitted >= Count)
                    {
                        return;
                    }
                }

                previous = current;
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        private IReadOnlyList<Endpoint>? Poll(EndpointInventory inventory, EndpointQuery query)
        {
            var snapshot = EndpointReader.Query(this, inventory, query, _cancel.Token);
            if (snapshot == null)
            {
                return null;
            }

            // The same missing-owner warning every second would drown the changes: each kind is written once per
            // watch, even when its counts change from poll to poll.
            foreach (var warning in snapshot.Warnings)
            {
                if (_warnings.IsNew(warning))
                {
                    WriteWarning(warning);
                }
            }

            return new List<Endpoint>(Selected(snapshot.Endpoints));
        }
    }
}
