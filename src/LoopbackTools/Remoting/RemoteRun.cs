using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using LoopbackTools.Errors;
using LoopbackTools.Policy;
using LoopbackTools.Remoting;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Runs a cmdlet on the hosts of its -Session sessions instead of here: each host runs this module's cmdlet of the
    /// same name with the same bound parameters and pipeline input, at most -ThrottleLimit hosts at once; results are
    /// written as they arrive, each marked with its host's ComputerName; a host that cannot answer is one
    /// non-terminating error (RemoteHostUnavailable, ModuleNotOnRemoteHost, RemoteVersionMismatch) naming it, and the
    /// others still answer; Ctrl+C stops every host.
    /// </summary>
    internal sealed class RemoteRun
    {
        public const int DefaultThrottleLimit = 32;
        private const int ProgressActivityId = 43;
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);
        private static readonly Lazy<string> Script = new Lazy<string>(LoadScript);

        private readonly PSCmdlet _cmdlet;
        private readonly IReadOnlyList<PSSession> _sessions;
        private readonly int _throttleLimit;
        private readonly bool _copyModule;
        private readonly RemoteOptions _options;
        private readonly Dictionary<string, object?> _commandLine;
        private readonly List<Dictionary<string, object?>> _records = new List<Dictionary<string, object?>>();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly BlockingCollection<RemoteEvent> _events = new BlockingCollection<RemoteEvent>();
        private readonly string _nonce = Guid.NewGuid().ToString("n");
        private LocalModule? _module;

        private RemoteRun(PSCmdlet cmdlet, IReadOnlyList<PSSession> sessions, int throttleLimit, bool copyModule, RemoteOptions options)
        {
            _cmdlet = cmdlet;
            _sessions = sessions;
            _throttleLimit = throttleLimit;
            _copyModule = copyModule;
            _options = options;
            _commandLine = new Dictionary<string, object?>(cmdlet.MyInvocation.BoundParameters, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Null when -Session was not given: the cmdlet runs here. An empty -Session selects no host: nothing runs.</summary>
        public static RemoteRun? Begin(PSCmdlet cmdlet, PSSession[]? sessions, int throttleLimit, bool copyModule, RemoteOptions options)
        {
            if (!cmdlet.MyInvocation.BoundParameters.ContainsKey("Session"))
            {
                return null;
            }

            // The same session twice is one host asked once.
            var distinct = new List<PSSession>();
            var seen = new HashSet<Guid>();
            foreach (var session in sessions ?? new PSSession[0])
            {
                if (session != null && seen.Add(session.InstanceId))
                {
                    distinct.Add(session);
                }
            }

            return new RemoteRun(cmdlet, distinct, throttleLimit, copyModule, options);
        }

        /// <summary>Keeps this pipeline record's values (the parameters bound from the pipeline, not the command line).</summary>
        public void Record()
        {
            if (!_cmdlet.MyInvocation.ExpectingInput)
            {
                return;
            }

            var record = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in _cmdlet.MyInvocation.BoundParameters)
            {
                if (!_commandLine.ContainsKey(pair.Key))
                {
                    record[pair.Key] = pair.Value;
                }
            }

            _records.Add(record);
        }

        public void Stop() => _cancel.Cancel();

        /// <param name="policy">A policy the cmdlet read and checked here, sent to every host as its bytes.</param>
        public void End(LoopbackPolicy? policy = null)
        {
            if (_sessions.Count == 0)
            {
                _cmdlet.WriteVerbose("-Session holds no session: no host is asked.");
                return;
            }

            var calls = RemoteCalls.Build(_cmdlet, _sessions, _options, _commandLine, _records, policy);
            _module = LocalModule.Of(_cmdlet);
            _cmdlet.WriteVerbose($"Running {_cmdlet.MyInvocation.MyCommand.Name} on {calls.Count} hosts, at most {_throttleLimit} at once, "
                + $"with LoopbackTools {_module.Version}.");

            var pending = new Queue<HostCall>(calls);
            var running = new List<RemoteHostJob>();
            var progress = new ProgressReporter(_cmdlet, ProgressActivityId, _cmdlet.MyInvocation.MyCommand.Name + " on remote hosts");
            int done = 0;
            try
            {
                while (pending.Count > 0 || running.Count > 0)
                {
                    while (pending.Count > 0 && running.Count < _throttleLimit && !_cancel.IsCancellationRequested)
                    {
                        var job = new RemoteHostJob(pending.Dequeue(), _events);
                        running.Add(job);
                        StartFirst(job);
                    }

                    if (!_events.TryTake(out var next, 250, _cancel.Token))
                    {
                        progress.Report(done, calls.Count);
                        continue;
                    }

                    if (Handle(next))
                    {
                        running.Remove(next.Job);
                        next.Job.Dispose();
                        done++;
                    }

                    progress.Report(done, calls.Count);
                }

                // Whatever the hosts' stream handlers queued after their end was read (normally nothing).
                while (_events.TryTake(out var late))
                {
                    Handle(late);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the finally block stops every host.
            }
            finally
            {
                StopAll(running);
                progress.Complete();
            }
        }

        private void StartFirst(RemoteHostJob job)
        {
            var state = job.Call.Session.Runspace?.RunspaceStateInfo.State;
            if (state != RunspaceState.Opened)
            {
                // A closed or disconnected session says why itself; a broken one is asked about with ssh.
                Diagnose(job, null, askSsh: state == RunspaceState.Broken);
                return;
            }

            Start(job, moduleFiles: null);
        }

        private void Start(RemoteHostJob job, Hashtable? moduleFiles)
        {
            var arguments = new Hashtable
            {
                ["Nonce"] = _nonce,
                ["Version"] = _module!.Version,
                ["Command"] = _cmdlet.MyInvocation.MyCommand.Name,
                ["Parameters"] = job.Call.Parameters,
                ["HasInput"] = job.Call.HasInput,
                ["ModuleFiles"] = moduleFiles,
                ["ModuleEntry"] = _module.Entry,
                ["DataFiles"] = job.Call.DataFiles,
            };
            try
            {
                job.Start(Script.Value, arguments, moduleFiles != null);
            }
            catch (Exception e) when (e is InvalidRunspaceStateException || e is PSInvalidOperationException || e is InvalidOperationException)
            {
                // The session broke just now (then ssh is asked why), or is busy with another command (which says so).
                Diagnose(job, e, askSsh: job.Call.Session.Runspace?.RunspaceStateInfo.State != RunspaceState.Opened);
            }
        }

        // Learning why a host is unreachable can take seconds (ssh is asked again): done aside, reported as an event.
        private void Diagnose(RemoteHostJob job, Exception? failure, bool askSsh)
        {
            var token = _cancel.Token;
            Task.Run(() =>
            {
                string message = RemoteHostDiagnosis.Describe(job.Call.Session, failure, askSsh, token);
                _events.Add(new RemoteEvent(job, RemoteEventKind.Unavailable, message));
            });
        }

        /// <summary>Writes what the event carries; true when it ended the host's part of the call.</summary>
        private bool Handle(RemoteEvent e)
        {
            var job = e.Job;
            switch (e.Kind)
            {
                case RemoteEventKind.Output:
                    Output(job, (PSObject)e.Data!);
                    return false;
                case RemoteEventKind.Error:
                    _cmdlet.WriteError(ErrorRecords.FromRemote((ErrorRecord)e.Data!, job.Host));
                    return false;
                case RemoteEventKind.Warning:
                    _cmdlet.WriteWarning(ErrorRecords.Prefixed(job.Host, ((WarningRecord)e.Data!).Message));
                    return false;
                case RemoteEventKind.Verbose:
                    _cmdlet.WriteVerbose(ErrorRecords.Prefixed(job.Host, ((VerboseRecord)e.Data!).Message));
                    return false;
                case RemoteEventKind.Unavailable:
                    _cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.RemoteHostUnavailable, job.Host, (string)e.Data!));
                    return true;
                default:
                    return Finished(job, (PSInvocationStateInfo)e.Data!);
            }
        }

        private void Output(RemoteHostJob job, PSObject item)
        {
            if (!job.AwaitingHandshake)
            {
                RemoteObjects.Stamp(item, job.Host);
                _cmdlet.WriteObject(item);
                return;
            }

            job.AwaitingHandshake = false;
            var handshake = RemoteHandshake.From(item, _nonce);
            if (handshake == null)
            {
                job.Failure = $"'{TerminalText.Escape(job.Host)}' answered with something other than the LoopbackTools handshake.";
                return;
            }

            if (handshake.Ready)
            {
                if (handshake.Copied != null)
                {
                    string copied = $"LoopbackTools {_module!.Version} was copied to '{handshake.Copied}' for this call.";
                    _cmdlet.WriteVerbose(ErrorRecords.Prefixed(job.Host, copied));
                }

                return;
            }

            job.Handshake = handshake;
        }

        private bool Finished(RemoteHostJob job, PSInvocationStateInfo info)
        {
            job.WaitForHandlers();
            foreach (var late in job.Drain())
            {
                Handle(late);
            }

            switch (info.State)
            {
                case PSInvocationState.Stopped:
                    return true;
                case PSInvocationState.Failed:
                case PSInvocationState.Disconnected:
                    if (info.Reason is RuntimeException { ErrorRecord: { } record } && !IsTransportFailure(job, info.Reason))
                    {
                        _cmdlet.WriteError(ErrorRecords.FromRemote(record, job.Host));
                        return true;
                    }

                    Diagnose(job, info.Reason, askSsh: true);
                    return false;
            }

            if (job.Failure != null || job.AwaitingHandshake)
            {
                _cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.RemoteHostUnavailable, job.Host,
                    job.Failure ?? $"'{TerminalText.Escape(job.Host)}' ended the call without answering."));
                return true;
            }

            var handshake = job.Handshake;
            if (handshake == null)
            {
                return true;
            }

            job.Handshake = null;
            if (_copyModule && !job.Copying)
            {
                Start(job, _module!.Files());
                return false;
            }

            _cmdlet.WriteError(NotReady(job, handshake));
            return true;
        }

        private ErrorRecord NotReady(RemoteHostJob job, RemoteHandshake handshake)
        {
            string version = _module!.Version;
            if (job.Copying)
            {
                return ErrorRecords.Create(ErrorCatalogue.ModuleNotOnRemoteHost, job.Host,
                    RemoteHostText.CopyFailed(job.Host, handshake.Reason ?? "no reason given"));
            }

            return handshake.Available.Count == 0
                ? ErrorRecords.Create(ErrorCatalogue.ModuleNotOnRemoteHost, job.Host,
                    RemoteHostText.ModuleMissing(job.Host, version, handshake.PowerShell, handshake.Reason))
                : ErrorRecords.Create(ErrorCatalogue.RemoteVersionMismatch, job.Host,
                    RemoteHostText.VersionMismatch(job.Host, handshake.Available, version));
        }

        private static bool IsTransportFailure(RemoteHostJob job, Exception reason) =>
            reason is PSRemotingTransportException || reason.InnerException is PSRemotingTransportException
            || job.Call.Session.Runspace?.RunspaceStateInfo.State != RunspaceState.Opened;

        private void StopAll(List<RemoteHostJob> running)
        {
            foreach (var job in running)
            {
                job.BeginStop();
            }

            // One deadline for all: hosts stop in parallel, and a host that does not answer the stop must not hold up Ctrl+C.
            var deadline = DateTime.UtcNow + StopWait;
            foreach (var job in running)
            {
                var left = deadline - DateTime.UtcNow;
                if (job.WaitForEnd(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                {
                    // Disposing a shell still running would wait for its stop: one that did not stop in time is left to end.
                    job.Dispose();
                }
            }

            running.Clear();
        }

        private static string LoadScript()
        {
            using var stream = typeof(RemoteRun).Assembly.GetManifestResourceStream("LoopbackTools.Remoting.RemoteInvocation.ps1")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
