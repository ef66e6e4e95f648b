using System;
using LoopbackTools.Watch;
using Xunit;

namespace LoopbackTools.Tests.Watch
{
    public class PollScheduleTests
    {
        private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

        [Fact]
        public void PollsStayOnTheGrid_WhenReadsTakeTime()
        {
            var schedule = new PollSchedule(S(1), null);
            Assert.Equal(S(0.9), schedule.NextWait(S(0.1)));   // first poll at 1 s
            Assert.Equal(S(0.7), schedule.NextWait(S(1.3)));   // a 0.3 s read: the next poll is still at 2 s
        }

        [Fact]
        public void AnOverrunPoll_IsFollowedAtOnce_WithoutABurstOfCatchUpPolls()
        {
            var schedule = new PollSchedule(S(1), null);
            schedule.NextWait(S(0));                            // due at 1 s
            Assert.Equal(TimeSpan.Zero, schedule.NextWait(S(3.5))); // slots 2 and 3 overrun: poll now (slot 3)
            Assert.Equal(S(0.4), schedule.NextWait(S(3.6)));   // then back on the grid at 4 s
        }

        [Fact]
        public void Duration_EndsWithAPollAtTheDeadline()
        {
            var schedule = new PollSchedule(S(2), S(3));
            Assert.Equal(S(2), schedule.NextWait(S(0)));
            Assert.Equal(S(1), schedule.NextWait(S(2)));       // next slot (4 s) is past the end: poll at 3 s
            Assert.Null(schedule.NextWait(S(3)));
        }

        [Theory]
        [InlineData(0.5, 0.02)]
        [InlineData(1, 0.3)]
        [InlineData(2, 1.9)]
        public void AListenerAliveForTwoIntervals_IsSeenByAPoll(double interval, double readTime)
        {
            // Simulate polls whose table read happens readTime after they start; any lifetime window of two
            // intervals, wherever it starts, must contain a read.
            var reads = new System.Collections.Generic.List<double>();
            var schedule = new PollSchedule(S(interval), S(60));
            double now = readTime;
            reads.Add(now);
            while (schedule.NextWait(S(now)) is TimeSpan wait)
            {
                now += wait.TotalSeconds + readTime;
                reads.Add(now);
            }

            for (double start = 0; start + 2 * interval < 55; start += interval / 7)
            {
                Assert.Contains(reads, r => r >= start && r <= start + 2 * interval);
            }
        }
    }
}
