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
    public sealed class PortProbeSession
    {
        private readonly IReadOnlyList<ProbeTarget> _targets;
        private readonly ProbeOptions _options;
        private readonly ListeningSockets _listening;
        private readonly PortTestResult?[] _results;
        private readonly object _gate = new object();
        private int _nextToTake;
        private int _completed;
        private bool _finished;
        private Exception? _failure;

        /// <exception cref="NotLocalHostException">A target is not on this machine (the resolver should have refused it).</exception>
        public PortProbeSession(IReadOnlyList<ProbeTarget> targets, ProbeOptions options, LocalHostGuard guard, ListeningSockets listening)
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
            lock (_gate)
            {
                if (_nextToTake < _results.Length && _results[_nextToTake] == null && !_finished)
                {
                    Monitor.Wait(_gate, waitMs);
                }

                if (_nextToTake < _results.Length && _results[_nextToTake] != null)
                {
                    result = _results[_nextToTake];
                    _results[_nextToTake] = null;
                    _nextToTake++;
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
                var toProbe = new List<ProbeTarget>(_targets.Count);
                var positions = new List<int>(_targets.Count);
                for (int i = 0; i < _targets.Count; i++)
                {
                    var target = _targets[i];
                    // UDP has no handshake: a bound socket in the table is the one reliable sign of "open".
                    var bound = target.Protocol == TransportProtocol.Udp ? _listening.Find(TransportProtocol.Udp, target.Address, target.Port, dualStack: false) : null;
                    if (bound != null)
                    {
                        var result = target.ToResult(PortTestStatus.Open, null, "A socket is bound to this address and port (socket table).");
                        result.ProcessId = bound.ProcessId;
                        result.ProcessName = bound.ProcessName;
                        Store(i, result);
                    }
                    else
                    {
                        toProbe.Add(target);
                        positions.Add(i);
                    }
                }

                var scheduler = new ProbeScheduler(toProbe, CreateOperation, _options, (index, result) => Store(positions[index], WithOwner(result)));
                scheduler.Run(cancellationToken);
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

        private PortTestResult WithOwner(PortTestResult result)
        {
            if (result.Status == PortTestStatus.Open
                && System.Net.IPAddress.TryParse(result.Address, out var address)
                && _listening.Find(result.Protocol, address, result.Port, dualStack: true) is Endpoint owner)
            {
                result.ProcessId = owner.ProcessId;
                result.ProcessName = owner.ProcessName;
            }

            return result;
        }

        private void Store(int position, PortTestResult result)
        {
            lock (_gate)
            {
                _results[position] = result;
                _completed++;
                if (position == _nextToTake)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
