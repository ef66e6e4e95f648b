using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LoopbackTools.Probing;
using LoopbackTools.Errors;
using LoopbackTools.Classification;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Answers "does this local port answer?" for every address a local name resolves to, so that a server
    /// listening on 127.0.0.1 only is not reported as up (or down) for localhost when ::1 is what clients try.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LocalPort", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(PortTestResult), ParameterSetName = new[] { DefaultSet })]
    [OutputType(typeof(bool), ParameterSetName = new[] { QuietSet })]
    public sealed class TestLocalPortCommand : PSCmdlet
    {
        private const string DefaultSet = "Default";
        private const string QuietSet = "Quiet";
        private const int ProgressActivityId = 31;
        private const int PollMs = 200;

        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly List<(string ComputerName, int Port, TransportProtocol Protocol)> _requests = new List<(string, int, TransportProtocol)>();
        private readonly HashSet<(string, int, TransportProtocol)> _seen = new HashSet<(string, int, TransportProtocol)>();
        private readonly Dictionary<string, ResolvedHost?> _resolved = new Dictionary<string, ResolvedHost?>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(1, 65535)]
        public int[] Port { get; set; } = Array.Empty<int>();

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ComputerName { get; set; } = "localhost";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TransportProtocol Protocol { get; set; } = TransportProtocol.Tcp;

        [Parameter]
        [ValidateRange(1, 600000)]
        public int TimeoutMs { get; set; } = ProbeOptions.DefaultTimeoutMs;

        [Parameter]
        [ValidateRange(1, 10000)]
        public int ThrottleLimit { get; set; } = ProbeOptions.DefaultThrottleLimit;

        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        // -Session and -CopyModule as RemotableCommandBase declares them; -ThrottleLimit above also limits the hosts asked at once.
        [Parameter]
        [AllowEmptyCollection]
        public PSSession[]? Session { get; set; }

        [Parameter]
        public SwitchParameter CopyModule { get; set; }

        // Bound only from piped objects of this module, so that they are probed where they were (PipedProbeName).
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Alias("Target")]
        public string? PipedTarget { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Alias("LocalAddress")]
        public string? PipedLocalAddress { get; set; }

        private RemoteRun? _remote;
        private bool _computerNameGiven;

        // With -Session each host probes its own ports: nothing here is resolved or probed.
        protected override void BeginProcessing()
        {
            _computerNameGiven = MyInvocation.BoundParameters.ContainsKey(nameof(ComputerName));
            _remote = RemoteRun.Begin(this, Session,
                MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : RemoteRun.DefaultThrottleLimit,
                CopyModule.IsPresent, RemoteOptions.Probe);
        }

        // Pipeline input (1..1024 | Test-LocalPort, Import-Csv ports.csv | Test-LocalPort) is gathered and probed in
        // parallel once; duplicates (a port listening on both families, say) are probed once.
        protected override void ProcessRecord()
        {
            if (_remote != null)
            {
                _remote.Record();
                return;
            }

            string name = PipedProbeName.Choose(ComputerName.Trim(), _computerNameGiven, PipedTarget, PipedLocalAddress);
            string nameKey = name.ToLowerInvariant();
            foreach (int port in Port)
            {
                var key = (nameKey, port, Protocol);
                if (_seen.Add(key))
                {
                    _requests.Add((name, port, Protocol));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_remote != null)
            {
                _remote.End();
                return;
            }

            // Every name is checked before the first socket exists: a refused name sends nothing anywhere.
            var resolver = LocalNameResolver.ForThisMachine();
            var resolved = _resolved;
            foreach (var (name, _, _) in _requests)
            {
                if (!resolved.ContainsKey(name))
                {
                    resolved[name] = LocalNameLookup.Resolve(this, resolver, name);
                }
            }

            var targets = new List<ProbeTarget>();
            foreach (var (name, port, protocol) in _requests)
            {
                var host = resolved[name];
                if (host != null)
                {
                    targets.AddRange(host.Addresses.Select(a => new ProbeTarget(host.ComputerName, a, port, protocol)));
                }
            }

            if (targets.Count == 0)
            {
                return;
            }

            var options = new ProbeOptions { TimeoutMs = TimeoutMs, ThrottleLimit = ThrottleLimit };
            ProbeRun run;
            try
            {
                run = ProbeRun.Prepare(targets, options, resolver.Guard, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (string warning in run.TableWarnings)
            {
                WriteWarning(warning);
            }

            WriteVerbose($"Probing {targets.Count} address and port pairs, at most {options.ThrottleLimit} at once, "
                + $"each waiting up to {options.TimeoutMs} ms.");
            bool anyOpen = Probe(run.Session);
            foreach (string warning in run.OwnerWarnings(anyOpen))
            {
                WriteWarning(warning);
            }
        }

        protected override void StopProcessing()
        {
            _remote?.Stop();
            _cancel.Cancel();
        }

        /// <summary>Writes the results as they come, in order; true when any port answered.</summary>
        private bool Probe(PortProbeSession session)
        {
            bool anyOpen = false;
            var progress = new ProgressReporter(this, ProgressActivityId, "Test-LocalPort");
            var group = new List<PortTestResult>();
            var run = session.Start(_cancel.Token);
            try
            {
                while (session.TryTake(PollMs, out var result))
                {
                    if (result != null)
                    {
                        if (group.Count > 0 && !SameGroup(group[0], result))
                        {
                            EndGroup(group);
                        }

                        group.Add(result);
                        anyOpen |= result.IsOpen;
                        if (!Quiet)
                        {
                            WriteObject(result);
                        }
                    }

                    progress.Report(session.Completed, session.Total);
                }

                if (group.Count > 0 && !_cancel.Token.IsCancellationRequested)
                {
                    EndGroup(group);
                }
            }
            catch (InvalidOperationException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.ProbeFailed, null, e.Message, e.InnerException));
            }
            finally
            {
                // On Ctrl+C (or any failure here) the probes in flight are closed before the cmdlet returns.
                _cancel.Cancel();
                run.Wait();
                progress.Complete();
            }

            return anyOpen;
        }

        private void EndGroup(List<PortTestResult> group)
        {
            // The same judgement as Find-PortConflict's LocalhostMismatch: a warning only when clients are turned away.
            _resolved.TryGetValue(group[0].Target, out var host);
            var split = FamilySplit.Describe(group, host?.ResolverAnswer ?? Array.Empty<System.Net.IPAddress>());
            if (split != null && split.IsWarning)
            {
                WriteWarning(split.Message);
            }
            else if (split != null)
            {
                WriteVerbose(split.Message);
            }

            if (Quiet)
            {
                WriteObject(group.Any(r => r.IsOpen));
            }

            group.Clear();
        }

        private static bool SameGroup(PortTestResult a, PortTestResult b) =>
            a.Port == b.Port && a.Protocol == b.Protocol && string.Equals(a.Target, b.Target, StringComparison.OrdinalIgnoreCase);
    }
}
