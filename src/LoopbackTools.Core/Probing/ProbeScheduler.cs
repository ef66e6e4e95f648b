using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// Runs probes with at most N in flight: N chains, each owning one slot and starting its next probe when the
    /// previous one finishes. One clock enforces every deadline by closing overdue sockets, and cancellation closes
    /// every socket in flight, so Run returns promptly with nothing left open.
    /// </summary>
    internal sealed class ProbeScheduler
    {
        private readonly IReadOnlyList<ProbeTarget> _targets;
        private readonly Func<ProbeTarget, ProbeOperation> _create;
        private readonly Action<int, PortTestResult> _report;
        private readonly ProbeOperation?[] _slots;
        private readonly long _timeoutTicks;
        private readonly int _timeoutMs;
        private readonly ManualResetEventSlim _allChainsEnded = new ManualResetEventSlim(false);
        private int _next = -1;
        private int _activeChains;
        private volatile bool _cancelled;

        /// <param name="report">Called once per finished probe with its index in <paramref name="targets"/>, from any thread.</param>
        public ProbeScheduler(IReadOnlyList<ProbeTarget> targets, Func<ProbeTarget, ProbeOperation> create, ProbeOptions options,
            Action<int, PortTestResult> report)
        {
            _targets = targets;
            _create = create;
            _report = report;
            _timeoutMs = options.TimeoutMs;
            _timeoutTicks = (long)(options.TimeoutMs * (double)Stopwatch.Frequency / 1000.0);
            _slots = new ProbeOperation?[Math.Max(1, Math.Min(options.ThrottleLimit, targets.Count))];
        }

        /// <summary>Blocks until every probe finished, or until cancellation has closed every socket in flight.</summary>
        public void Run(CancellationToken cancellationToken)
        {
            if (_targets.Count == 0)
            {
                return;
            }

            // The clock ticks several times per timeout, so a timed-out probe is reported at most ~1/8 timeout late.
            int period = Math.Max(5, Math.Min(100, _timeoutMs / 8));
            using (var clock = new Timer(_ => ExpireOverdue(), null, period, period))
            using (cancellationToken.Register(CancelAll))
            {
                _activeChains = _slots.Length;
                for (int slot = 0; slot < _slots.Length; slot++)
                {
                    int s = slot;
                    ThreadPool.QueueUserWorkItem(_ => RunChain(s));
                }

                _allChainsEnded.Wait();
            }

            _allChainsEnded.Dispose();
        }

        internal void OnIoCompleted(ProbeOperation operation)
        {
            Conclude(operation, null);
            RunChain(operation.Slot);
        }

        private void RunChain(int slot)
        {
            while (!_cancelled)
            {
                int index = Interlocked.Increment(ref _next);
                if (index >= _targets.Count)
                {
                    break;
                }

                var operation = _create(_targets[index]);
                operation.Index = index;
                operation.Slot = slot;
                operation.Scheduler = this;
                operation.DeadlineTimestamp = Stopwatch.GetTimestamp() + _timeoutTicks;
                Volatile.Write(ref _slots[slot], operation);
                if (_cancelled)
                {
                    // CancelAll may have scanned the slots just before this one was filled.
                    operation.TryCancel();
                }

                bool pending;
                try
                {
                    pending = operation.Begin();
                }
                catch (SocketException e)
                {
                    Conclude(operation, e);
                    continue;
                }

                if (pending)
                {
                    // The chain continues in OnIoCompleted, on whichever thread completes the I/O.
                    return;
                }

                Conclude(operation, null);
            }

            if (Interlocked.Decrement(ref _activeChains) == 0)
            {
                _allChainsEnded.Set();
            }
        }

        private void Conclude(ProbeOperation operation, SocketException? beginFailure)
        {
            Volatile.Write(ref _slots[operation.Slot], null);
            var result = beginFailure == null ? operation.Finish() : operation.Fail(beginFailure);
            operation.Dispose();
            if (result != null)
            {
                _report(operation.Index, result);
            }
        }

        private void ExpireOverdue()
        {
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < _slots.Length; i++)
            {
                var operation = Volatile.Read(ref _slots[i]);
                if (operation != null && now >= operation.DeadlineTimestamp)
                {
                    operation.TryExpire();
                }
            }
        }

        private void CancelAll()
        {
            _cancelled = true;
            for (int i = 0; i < _slots.Length; i++)
            {
                Volatile.Read(ref _slots[i])?.TryCancel();
            }
        }
    }
}
