using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// One host's invocation of the remote script on its session's runspace, started without waiting. Everything it
    /// reports (output, errors, warnings, verbose, the end) becomes a <see cref="RemoteEvent"/> on the shared queue as
    /// it arrives, so results stream to the caller while other hosts still work. With -CopyModule a host that lacks
    /// the module gets a second invocation that carries the module's files.
    /// </summary>
    internal sealed class RemoteHostJob : IDisposable
    {
        private readonly BlockingCollection<RemoteEvent> _events;
        private PowerShell? _shell;
        private PSDataCollection<PSObject>? _output;
        private int _activeHandlers;

        public RemoteHostJob(HostCall call, BlockingCollection<RemoteEvent> events)
        {
            Call = call;
            _events = events;
        }

        public HostCall Call { get; }

        public string Host => Call.Host;

        /// <summary>True until the first object of the current invocation (the handshake) has been read.</summary>
        public bool AwaitingHandshake { get; set; }

        /// <summary>Whether this invocation carries the module's files (-CopyModule, second attempt).</summary>
        public bool Copying { get; private set; }

        /// <summary>The handshake of a host that cannot run the call as it is (module missing or of another version).</summary>
        public RemoteHandshake? Handshake { get; set; }

        /// <summary>Why the host's answer could not be used, when it answered with something unexpected.</summary>
        public string? Failure { get; set; }

        /// <summary>Starts the remote script with these arguments; throws when the session cannot take a command now.</summary>
        public void Start(string script, Hashtable arguments, bool copying)
        {
            DisposeShell();
            Copying = copying;
            AwaitingHandshake = true;
            var shell = PowerShell.Create();
            shell.Runspace = Call.Session.Runspace;
            shell.AddScript(script).AddParameters(arguments);

            var input = new PSDataCollection<object?>(Call.Input.Count);
            foreach (var item in Call.Input)
            {
                input.Add(item);
            }

            input.Complete();
            _output = new PSDataCollection<PSObject>();
            Forward(_output, RemoteEventKind.Output);
            Forward(shell.Streams.Error, RemoteEventKind.Error);
            Forward(shell.Streams.Warning, RemoteEventKind.Warning);
            Forward(shell.Streams.Verbose, RemoteEventKind.Verbose);
            shell.InvocationStateChanged += (sender, e) =>
            {
                var state = e.InvocationStateInfo.State;
                if (state == PSInvocationState.Completed || state == PSInvocationState.Failed
                    || state == PSInvocationState.Stopped || state == PSInvocationState.Disconnected)
                {
                    _events.Add(new RemoteEvent(this, RemoteEventKind.Finished, e.InvocationStateInfo));
                }
            };
            _shell = shell;
            shell.BeginInvoke(input, _output, new PSInvocationSettings { Host = QuietHost.Instance }, null, null);
        }

        /// <summary>
        /// After the Finished event: waits until no stream handler is still queueing (they run on the remoting thread),
        /// so every object the host sent is on the queue, behind or before the Finished event, when this returns.
        /// </summary>
        public void WaitForHandlers()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _activeHandlers) > 0)
            {
                spin.SpinOnce();
            }
        }

        /// <summary>Asks the host to stop (Ctrl+C, or the pipeline downstream ended); does not wait.</summary>
        public void BeginStop()
        {
            var shell = _shell;
            if (IsActive(shell))
            {
                try
                {
                    shell!.BeginStop(null, null);
                }
                catch (Exception e) when (e is InvalidOperationException || e is PSInvalidOperationException || e is ObjectDisposedException)
                {
                    // Already ending.
                }
            }
        }

        /// <summary>Waits (up to the timeout) for a stop asked with <see cref="BeginStop"/> to end the invocation.</summary>
        public bool WaitForEnd(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (IsActive(_shell))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                Thread.Sleep(20);
            }

            return true;
        }

        /// <summary>
        /// What the streams still hold after the Finished event and <see cref="WaitForHandlers"/>: normally nothing, since
        /// the host's data precede its end, but read here so that nothing it sent can be lost.
        /// </summary>
        public System.Collections.Generic.IEnumerable<RemoteEvent> Drain()
        {
            var shell = _shell;
            if (_output != null)
            {
                foreach (var item in _output.ReadAll())
                {
                    yield return new RemoteEvent(this, RemoteEventKind.Output, item);
                }
            }

            if (shell == null)
            {
                yield break;
            }

            foreach (var item in shell.Streams.Error.ReadAll())
            {
                yield return new RemoteEvent(this, RemoteEventKind.Error, item);
            }

            foreach (var item in shell.Streams.Warning.ReadAll())
            {
                yield return new RemoteEvent(this, RemoteEventKind.Warning, item);
            }

            foreach (var item in shell.Streams.Verbose.ReadAll())
            {
                yield return new RemoteEvent(this, RemoteEventKind.Verbose, item);
            }
        }

        public void Dispose() => DisposeShell();

        private static bool IsActive(PowerShell? shell)
        {
            var state = shell?.InvocationStateInfo.State;
            return state == PSInvocationState.Running || state == PSInvocationState.Stopping;
        }

        private void DisposeShell()
        {
            var shell = Interlocked.Exchange(ref _shell, null);
            if (shell == null)
            {
                return;
            }

            try
            {
                shell.Dispose();
            }
            catch (Exception e) when (e is InvalidOperationException || e is PSInvalidOperationException || e is ObjectDisposedException)
            {
                // Disposing a shell whose session broke can complain; nothing is left to release then.
            }
        }

        // Each item is taken out of the collection as it comes (ReadAll), so a large answer is not held twice.
        private void Forward<T>(PSDataCollection<T> collection, RemoteEventKind kind)
        {
            collection.DataAdded += (sender, e) =>
            {
                Interlocked.Increment(ref _activeHandlers);
                try
                {
                    foreach (var item in collection.ReadAll())
                    {
                        _events.Add(new RemoteEvent(this, kind, item));
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _activeHandlers);
                }
            };
        }
    }
}
