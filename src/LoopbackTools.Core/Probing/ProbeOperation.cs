using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// One in-flight probe: a socket, its asynchronous operation, and a state that exactly one of "completed",
    /// "timed out" and "cancelled" wins, so a probe is reported once and its socket always closed.
    /// </summary>
    internal abstract class ProbeOperation : SocketAsyncEventArgs
    {
        private const int StatePending = 0;
        private const int StateCompleted = 1;
        private const int StateExpired = 2;
        private const int StateCancelled = 3;

        private int _state;
        private Socket? _socket;
        private long _startTimestamp;

        protected ProbeOperation(ProbeTarget target)
        {
            Target = target;
        }

        public ProbeTarget Target { get; }

        /// <summary>Position of the target in the scheduler's list.</summary>
        public int Index { get; set; }

        /// <summary>The scheduler slot (one in-flight probe per slot) this operation runs in.</summary>
        public int Slot { get; set; }

        public long DeadlineTimestamp { get; set; }

        public ProbeScheduler? Scheduler { get; set; }

        /// <summary>Creates the socket and starts the I/O; false when it finished synchronously (or was stopped before it began).</summary>
        public bool Begin()
        {
            _startTimestamp = Stopwatch.GetTimestamp();
            var socket = CreateSocket();
            Volatile.Write(ref _socket, socket);

            // A timeout or Ctrl+C that came before the socket existed had nothing to close: close it here instead.
            if (Volatile.Read(ref _state) != StatePending)
            {
                socket.Dispose();
                return false;
            }

            return BeginIo(socket);
        }

        /// <summary>Called by the scheduler's clock once the deadline passed; the I/O then completes as aborted.</summary>
        public void TryExpire()
        {
            if (Interlocked.CompareExchange(ref _state, StateExpired, StatePending) == StatePending)
            {
                Volatile.Read(ref _socket)?.Dispose();
            }
        }

        public void TryCancel()
        {
            if (Interlocked.CompareExchange(ref _state, StateCancelled, StatePending) == StatePending)
            {
                Volatile.Read(ref _socket)?.Dispose();
            }
        }

        /// <summary>The result once the I/O finished; null when the probe was cancelled. Closes the socket.</summary>
        public PortTestResult? Finish()
        {
            double latencyMs = ElapsedMs();
            int prior = Interlocked.CompareExchange(ref _state, StateCompleted, StatePending);
            var socket = Volatile.Read(ref _socket);
            PortTestResult? result = null;
            if (prior == StatePending && socket != null)
            {
                result = Interpret(socket, latencyMs);
            }
            else if (prior == StateExpired)
            {
                result = Target.ToResult(PortTestStatus.TimedOut, latencyMs, TimedOutDetail);
            }

            if (socket != null)
            {
                Close(socket, prior == StatePending);
            }

            return result;
        }

        /// <summary>The result when creating or starting the socket threw before any asynchronous I/O.</summary>
        public PortTestResult? Fail(SocketException error)
        {
            int prior = Interlocked.CompareExchange(ref _state, StateCompleted, StatePending);
            Volatile.Read(ref _socket)?.Dispose();
            if (prior == StateCancelled)
            {
                return null;
            }

            var status = SocketErrorStatus.Of(error.SocketErrorCode);
            return Target.ToResult(status, ElapsedMs(), DetailFor(status, error.SocketErrorCode));
        }

        protected virtual string? TimedOutDetail => null;

        protected abstract Socket CreateSocket();

        protected abstract bool BeginIo(Socket socket);

        /// <summary>Reads SocketError (and whatever else the probe knows) once the I/O completed on its own.</summary>
        protected abstract PortTestResult Interpret(Socket socket, double latencyMs);

        /// <param name="completedNormally">False when the socket was already closed by a timeout or cancellation.</param>
        protected virtual void Close(Socket socket, bool completedNormally) => socket.Dispose();

        protected static string? DetailFor(PortTestStatus status, SocketError error) =>
            status == PortTestStatus.Unreachable || status == PortTestStatus.Error ? SocketErrorStatus.Describe(error) : null;

        protected override void OnCompleted(SocketAsyncEventArgs e) => Scheduler?.OnIoCompleted(this);

        private double ElapsedMs() => (Stopwatch.GetTimestamp() - _startTimestamp) * 1000.0 / Stopwatch.Frequency;
    }
}
