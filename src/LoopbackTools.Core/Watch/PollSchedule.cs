using System;

namespace LoopbackTools.Watch
{
    /// <summary>
    /// When a watch polls. Polls are due on a fixed grid (start + k·interval), not "interval after the last poll
    /// ended", so a slow read does not stretch the gap: any listener alive for two intervals spans a whole grid
    /// slot and is seen by the poll that starts in it. A poll that overruns its slot is followed at once.
    /// </summary>
    internal sealed class PollSchedule
    {
        private readonly TimeSpan _interval;
        private readonly TimeSpan? _duration;
        private TimeSpan _nextDue;

        public PollSchedule(TimeSpan interval, TimeSpan? duration)
        {
            if (interval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be positive.");
            }

            _interval = interval;
            _duration = duration;
            _nextDue = interval;
        }

        /// <summary>
        /// How long to wait, from <paramref name="elapsed"/> since the watch started, before the next poll; null when
        /// the duration is over. The last poll happens at the end of the duration so that nothing before it is missed.
        /// </summary>
        public TimeSpan? NextWait(TimeSpan elapsed)
        {
            if (_duration.HasValue && elapsed >= _duration.Value)
            {
                return null;
            }

            // Skip the slots a slow poll overran instead of firing a burst of polls to catch up.
            while (_nextDue + _interval <= elapsed)
            {
                _nextDue += _interval;
            }

            var due = _nextDue;
            if (_duration.HasValue && due > _duration.Value)
            {
                due = _duration.Value;
            }

            _nextDue += _interval;
            var wait = due - elapsed;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }
}
