using System;
using System.Diagnostics;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// The processor time this process spent since the clock was made: the work a parser did on an input. Wall-clock
    /// time on a machine shared by eight builds mostly measures the wait for a core, and would call inputs slow that
    /// are not; a quadratic parser burns processor time wherever it runs. (Linux counts it in 10 ms ticks, well below
    /// the 0.25 s floor.)
    /// </summary>
    internal readonly struct CpuClock
    {
        private readonly TimeSpan _start;

        public CpuClock()
        {
            _start = Now();
        }

        public double Seconds => (Now() - _start).TotalSeconds;

        private static TimeSpan Now()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }
}
