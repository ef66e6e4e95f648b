using System;
using System.Diagnostics;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// A progress bar that appears only for work that lasts more than a second, and is redrawn a few times a
    /// second at most, so quick calls stay silent and long sweeps do not spend their time drawing.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private const long ShowAfterMs = 1000;
        private const long RedrawEveryMs = 250;

        private readonly PSCmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastDrawMs = -RedrawEveryMs;
        private bool _shown;

        public ProgressReporter(PSCmdlet cmdlet, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(activityId, activity, "Starting");
        }

        /// <summary>Called as often as convenient; draws "done of total" only when a redraw is due.</summary>
        public void Report(int done, int total)
        {
            if (total > 0 && Due())
            {
                Draw($"{done} of {total} done", (int)(100L * done / total));
            }
        }

        /// <summary>Draws a status of the caller's wording and a percentage (-1: unknown) when a redraw is due.</summary>
        public void Report(string status, int percentComplete)
        {
            if (Due())
            {
                Draw(status, percentComplete < 0 ? -1 : Math.Min(100, percentComplete));
            }
        }

        public void Complete()
        {
            if (!_shown)
            {
                return;
            }

            _record.RecordType = ProgressRecordType.Completed;
            _record.PercentComplete = 100;
            _cmdlet.WriteProgress(_record);
        }

        // Nothing for the first ShowAfterMs (a quick command shows no bar), then at most one draw per RedrawEveryMs.
        private bool Due()
        {
            long now = _clock.ElapsedMilliseconds;
            if (now < ShowAfterMs || now - _lastDrawMs < RedrawEveryMs)
            {
                return false;
            }

            _lastDrawMs = now;
            return true;
        }

        private void Draw(string status, int percentComplete)
        {
            _shown = true;
            _record.StatusDescription = status;
            _record.PercentComplete = percentComplete;
            _record.RecordType = ProgressRecordType.Processing;
            _cmdlet.WriteProgress(_record);
        }
    }
}
