using System;

namespace LoopbackTools.Owners
{
    /// <summary>How many threads walk /proc/&lt;pid&gt;/fd: one per core, at most <see cref="Max"/>.</summary>
    /// <remarks>
    /// The walk is kernel time (readlink, getdents64) over processes that threads claim one by one, so it scales with
    /// cores: measured on 16 cores, listeners with owners at 1M sockets took 2,182 / 664 / 177 ms with 1 / 4 / 16
    /// threads. On 2 cores (tests/Bench/README.md, "Owner threads") a walk's CPU time stayed flat from 1 to 4 threads and
    /// grew by a third at 8: splitting is free, more threads than cores only add switching.
    /// The cap keeps a 128-core host from starting a hundred threads to read a few thousand fds.
    /// </remarks>
    internal static class OwnerThreads
    {
        public const int Max = 32;

        public static int For(int processorCount) => Math.Max(1, Math.Min(Max, processorCount));
    }
}
