using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// Probes a list of targets in the background and hands the results back in list order, so output is the same
    /// from run to run however the probes interleave. The caller (a cmdlet's pipeline thread) polls
    /// <see cref="TryTake"/> and can report progress between results.
    /// </summary>
    internal sealed class PortProbeSession
    {
        private readonly IReadOnlyList<ProbeTarget> _targets;
        private readonly ProbeOptions _options;
        private readonly ListeningSockets _listening;
        private readonly Task<ListeningSockets>? _owners;
        private readonly PortTestResult?[] _results;
        private readonly object _gate = new object();
        private readonly Queue<PortTestResult> _taken = new Queue<PortTestResult>();
        private int _nextToTake;
        private bool _consumerWaiting;
        private int _completed;
        private bool _finished;
        private Exception? _failure;

        /// <param name="listening">The table read up front, owners or not: it decides UDP verdicts.</param>
        /// <param name="owners">The same table with owners, read while the probes run; open results wait for it before they are handed out.</param>
        /// <exception cref="NotLocalHostException">A target is not on this machine (the resolver should have refused it).</exception>
        public PortProbeSession(IReadOnlyList<ProbeTarget> targets, ProbeOptions options, LocalHostGuard guard, ListeningSockets listening,
            Task<ListeningSockets>? owners = null)
        {
            // The resolver already admitted every address; checking again here means no caller can skip the guard.
            foreach (var target in targets)
            {
                if (!guard.TryAdmit(target.Address, out _, out string refusal))
                {
                    throw new NotLocalHostException(target.ComputerName, refusal);
                }
            }

            _targets = targets;
            _options = options;
            _listening = listening;
            _owners = owners;
            _results = new PortTestResult?[targets.Count];
        }

        public int Total => _targets.Count;

        public int Completed => Volatile.Read(ref _completed);

        public Task Start(CancellationToken cancellationToken) => Task.Run(() => Run(cancellationToken));

        /// <summary>
        /// Waits up to <paramref name="waitMs"/> for the next result in order. Returns false once every result has been
        /// taken (or the run was cancelled); true with a null result when the wait ran out first.
        /// </summary>
        public bool TryTake(int waitMs, out PortTestResult? result)
        {
            bool more = TryTakeInOrder(waitMs, out result);
            if (result != null && result.IsOpen)
            {
                AttachOwner(result);
            }

            return more;
        }

        private bool TryTakeInOrder(int waitMs, out PortTestResult? result)
        {
            // The consumer (the pipeline thread) takes every result that is ready under one lock and hands them out
            // from its own queue, so a fast sweep costs one lock round per batch, not per port.
            if (_taken.Count > 0)
            {
                result = _taken.Dequeue();
                return true;
            }

            lock (_gate)
            {
                if (_nextToTake < _results.Length && _results[_nextToTake] == null && !_finished)
                {
                    _consumerWaiting = true;
                    Monitor.Wait(_gate, waitMs);
                    _consumerWaiting = false;
                }

                while (_nextToTake < _results.Length && _results[_nextToTake] != null)
                {
                    _taken.Enqueue(_results[_nextToTake]!);
                    _results[_nextToTake] = null;
                    _nextToTake++;
                }

                if (_taken.Count > 0)
                {
                    result = _taken.Dequeue();
                    return true;
                }

                result = null;
                if (_finished)
                {
                    if (_failure != null)
                    {
                        throw new InvalidOperationException("Probing failed: " + _failure.Message, _failure);
                    }

                    return false;
                }

                return true;
            }
        }

        private void Run(CancellationToken cancellationToken)
        {
            try
            {
                var portable = new List<ProbeTarget>(_targets.Count);
                var portablePositions = new List<int>(_targets.Count);
                var sweep = new List<ProbeTarget>(_targets.Count);
                var sweepPositions = new List<int>(_targets.Count);
                bool linuxSweep = _options.TcpEngine == TcpProbeEngine.LinuxSweep || (_options.TcpEngine == TcpProbeEngine.Automatic
                    && Platform.IsLinux);
                for (int i = 0; i < _targets.Count; i++)
                {
                    var target = _targets[i];
                    // UDP has no handshake: a bound socket in the table is the one reliable sign of "open". A :: socket
                    // counts for IPv4 only when the table says it is dual-stack: guessing wrong would hide a real silence.
                    var bound = target.Protocol == TransportProtocol.Udp ? _listening.Find(TransportProtocol.Udp, target.Address, target.Port,
                        dualStack: false) : null;
                    if (bound != null)
                    {
                        string detail = bound.AddressFamily != target.Family
                            ? "A dual-stack socket on [::] takes this address's datagrams too (socket table, IPV6_V6ONLY off)."
                            : "A socket is bound to this address and port (socket table).";
                        Store(i, target.ToResult(PortTestStatus.Open, null, detail));
                    }
                    else if (target.Protocol == TransportProtocol.Tcp && linuxSweep)
                    {
                        sweep.Add(target);
                        sweepPositions.Add(i);
                    }
                    else
                    {
                        portable.Add(target);
                        portablePositions.Add(i);
                    }
                }

                // UDP (and TCP off Linux) on .NET sockets, the Linux TCP sweep on its own threads, side by side.
                var scheduler = new ProbeScheduler(portable, CreateOperation, _options, (index, result) => Store(portablePositions[index], result));
                var portableRun = Task.Run(() => scheduler.Run(cancellationToken));
                new LinuxTcpConnectProber(sweep, _options, (index, result) => Store(sweepPositions[index], result)).Run(cancellationToken);
                portableRun.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                lock (_gate)
                {
                    _finished = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private static ProbeOperation CreateOperation(ProbeTarget target) =>
            target.Protocol == TransportProtocol.Tcp ? new TcpConnectOperation(target) : (ProbeOperation)new UdpProbeOperation(target);

        private void AttachOwner(PortTestResult result)
        {
            var table = _listening;
            if (_owners != null)
            {
                try
                {
                    table = _owners.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // Owners are a courtesy: a probe result stands without them.
                }
            }

            table.AttachOwner(result);
        }

        private void Store(int position, PortTestResult result)
        {
            lock (_gate)
            {
                _results[position] = result;
                _completed++;
                if (_consumerWaiting && position == _nextToTake)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
