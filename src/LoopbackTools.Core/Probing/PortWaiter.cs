using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// Waits until ports answer (or stop answering), the way CI scripts use wait-for-it: a round of probes every
    /// interval over every port still awaited, through the same guarded <see cref="PortProbeSession"/> as
    /// Test-LocalPort, until each port is done or the timeout passes. Runs on the caller's thread as an iterator, so
    /// a cmdlet writes results, errors and progress from its pipeline thread between rounds; cancelling the token
    /// (Ctrl+C) ends a sleep or a round at once.
    /// </summary>
    internal sealed class PortWaiter
    {
        /// <summary>The longest one probe waits: loopback answers in microseconds, so only a hung server takes this long.</summary>
        public const int MaxProbeTimeoutMs = 1000;

        // The shortest: a round at the deadline still gets time to hear a refusal on a machine under heavy load,
        // rather than calling a closed port TimedOut; the wait may end this much after -TimeoutSec.
        private const int MinProbeTimeoutMs = 250;

        private readonly IReadOnlyList<PortWait> _waits;
        private readonly TimeSpan? _timeout;
        private readonly TimeSpan _interval;
        private readonly LocalHostGuard _guard;

        /// <param name="timeout">How long to wait in all; null waits until done or cancelled.</param>
        /// <param name="interval">From the start of one round to the start of the next.</param>
        public PortWaiter(IReadOnlyList<PortWait> waits, TimeSpan? timeout, TimeSpan interval, LocalHostGuard guard)
        {
            if (interval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be positive.");
            }

            _waits = waits;
            _timeout = timeout;
            _interval = interval;
            _guard = guard;
        }

        /// <summary>
        /// Probes in rounds and reports each port once, as Met or TimedOut, with Progress after every round that
        /// leaves ports awaited. Ends early, without reporting the rest, when the token is cancelled.
        /// </summary>
        public IEnumerable<PortWaitEvent> Run(CancellationToken cancellationToken)
        {
            var pending = new List<PortWait>(_waits);
            var clock = Stopwatch.StartNew();
            var warned = new HashSet<string>();
            while (pending.Count > 0)
            {
                var roundStart = clock.Elapsed;
                var warnings = new List<string>();
                var rounds = ProbeRound(pending, ProbeTimeoutMs(roundStart), warnings, cancellationToken);
                if (rounds == null)
                {
                    yield break;
                }

                var met = new List<PortWait>();
                for (int i = 0; i < pending.Count; i++)
                {
                    if (pending[i].Record(rounds[i]))
                    {
                        met.Add(pending[i]);
                    }
                }

                AttachOwners(met.Where(w => !w.UntilClosed), warnings, cancellationToken);
                foreach (var warning in warnings.Where(warned.Add))
                {
                    yield return PortWaitEvent.Warning(warning, clock.Elapsed, pending.Count);
                }

                foreach (var wait in met)
                {
                    pending.Remove(wait);
                    // The same judgement as Test-LocalPort: a warning only when clients that resolve the name are turned away.
                    if (!wait.UntilClosed && FamilySplit.Describe(wait.LastRound, wait.ResolverAnswer) is { IsWarning: true } split)
                    {
                        yield return PortWaitEvent.Warning(split.Message, clock.Elapsed, pending.Count);
                    }

                    yield return PortWaitEvent.Met(wait, clock.Elapsed, pending.Count);
                }

                if (pending.Count == 0)
                {
                    yield break;
                }

                var elapsed = clock.Elapsed;
                if (_timeout.HasValue && elapsed >= _timeout.Value)
                {
                    // A port that still answers after the timeout is named with who answers it.
                    var ownerWarnings = new List<string>();
                    AttachOwners(pending.Where(w => w.UntilClosed), ownerWarnings, cancellationToken);
                    foreach (var warning in ownerWarnings.Where(warned.Add))
                    {
                        yield return PortWaitEvent.Warning(warning, elapsed, pending.Count);
                    }

                    foreach (var wait in pending)
                    {
                        yield return PortWaitEvent.TimedOut(wait, _timeout.Value, elapsed);
                    }

                    yield break;
                }

                yield return PortWaitEvent.Progress(Describe(pending), elapsed, pending.Count);

                // The next round starts one interval after this one started, and never after the timeout: the last
                // round probes at the deadline, so a port that opens just before it is still seen.
                var next = roundStart + _interval;
                if (_timeout.HasValue && next > _timeout.Value)
                {
                    next = _timeout.Value;
                }

                var sleep = next - clock.Elapsed;
                if (sleep > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(sleep))
                {
                    yield break;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }

        /// <summary>The waits still awaited, as the progress bar says them.</summary>
        internal static string Describe(IReadOnlyList<PortWait> pending)
        {
            var first = pending[0];
            string verb = first.UntilClosed ? "to stop answering" : "to answer";
            if (pending.Count == 1)
            {
                return $"Waiting for {first.Name} {verb}";
            }

            string more = pending.Count > 3 ? ", ..." : string.Empty;
            return $"Waiting for {pending.Count} ports {verb}: {string.Join(", ", pending.Take(3).Select(w => w.Name))}{more}";
        }

        private int ProbeTimeoutMs(TimeSpan elapsed)
        {
            if (!_timeout.HasValue)
            {
                return MaxProbeTimeoutMs;
            }

            double left = (_timeout.Value - elapsed).TotalMilliseconds;
            return (int)Math.Max(MinProbeTimeoutMs, Math.Min(MaxProbeTimeoutMs, left));
        }

        /// <summary>One probe of every address of every pending port; per port its results, in address order. Null when cancelled.</summary>
        private List<IReadOnlyList<PortTestResult>>? ProbeRound(
            List<PortWait> pending, int timeoutMs, List<string> warnings, CancellationToken token)
        {
            var targets = pending.SelectMany(w => w.Targets).ToList();

            // UDP has no handshake: a bound socket in the table is what says open. TCP needs no table read.
            var listening = ListeningSockets.Empty;
            var udp = targets.Where(t => t.Protocol == TransportProtocol.Udp).ToList();
            if (udp.Count > 0)
            {
                var ports = new HashSet<int>(udp.Select(t => t.Port));
                listening = ListeningSockets.Read(ports, new HashSet<TransportProtocol> { TransportProtocol.Udp }, false, warnings, token);
            }

            var session = new PortProbeSession(targets, new ProbeOptions { TimeoutMs = timeoutMs }, _guard, listening);
            var results = new List<PortTestResult>(targets.Count);
            var run = session.Start(token);
            try
            {
                while (session.TryTake(50, out var result))
                {
                    if (result != null)
                    {
                        results.Add(result);
                    }
                }
            }
            finally
            {
                run.Wait();
            }

            if (token.IsCancellationRequested || results.Count < targets.Count)
            {
                return null;
            }

            var rounds = new List<IReadOnlyList<PortTestResult>>(pending.Count);
            int at = 0;
            foreach (var wait in pending)
            {
                rounds.Add(results.GetRange(at, wait.Targets.Count));
                at += wait.Targets.Count;
            }

            return rounds;
        }

        /// <summary>Names who answers the open results of these waits' last round: one owner lookup when a wait ends, not one per round.</summary>
        private static void AttachOwners(IEnumerable<PortWait> waits, List<string> warnings, CancellationToken token)
        {
            var open = waits.SelectMany(w => w.LastRound).Where(r => r.IsOpen).ToList();
            if (open.Count == 0)
            {
                return;
            }

            var ports = new HashSet<int>(open.Select(r => r.Port));
            var table = ListeningSockets.Read(ports, new HashSet<TransportProtocol>(open.Select(r => r.Protocol)), true, warnings, token);
            open.ForEach(table.AttachOwner);
        }
    }
}
