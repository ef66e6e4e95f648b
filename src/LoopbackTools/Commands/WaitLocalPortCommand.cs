using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using LoopbackTools.Errors;
using LoopbackTools.Probing;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Waits until a local port answers (or, with -Closed, stops answering) on the addresses of a local name, as
    /// wait-for-it and wait-on do for CI scripts and compose setups, behind the same local-only guard as Test-LocalPort.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "LocalPort")]
    [OutputType(typeof(PortTestResult))]
    public sealed class WaitLocalPortCommand : PSCmdlet
    {
        private const int ProgressActivityId = 32;

        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly List<(string ComputerName, int Port, TransportProtocol Protocol)> _requests = new List<(string, int, TransportProtocol)>();
        private readonly HashSet<(string, int, TransportProtocol)> _seen = new HashSet<(string, int, TransportProtocol)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(1, 65535)]
        public int[] Port { get; set; } = Array.Empty<int>();

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ComputerName { get; set; } = "localhost";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TransportProtocol Protocol { get; set; } = TransportProtocol.Tcp;

        // 0 waits without a limit, as wait-for-it's -t 0 does; Ctrl+C still ends it at once.
        [Parameter]
        [ValidateRange(0, 2147483)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        [ValidateRange(10, 60000)]
        public int IntervalMs { get; set; } = 250;

        [Parameter]
        public SwitchParameter Closed { get; set; }

        // Pipeline input is gathered, and every port is awaited at once: the total wait is one -TimeoutSec, not one per port.
        protected override void ProcessRecord()
        {
            string name = ComputerName.Trim();
            foreach (int port in Port)
            {
                if (_seen.Add((name.ToLowerInvariant(), port, Protocol)))
                {
                    _requests.Add((name, port, Protocol));
                }
            }
        }

        protected override void EndProcessing()
        {
            var waits = Resolve(out var resolver);
            if (waits.Count == 0)
            {
                return;
            }

            TimeSpan? timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null;
            var waiter = new PortWaiter(waits, timeout, TimeSpan.FromMilliseconds(IntervalMs), resolver.Guard);
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}, probing every {1} ms, {2}.", PortWaiter.Describe(waits), IntervalMs,
                timeout.HasValue ? $"for at most {TimeoutSec} s" : "without a time limit"));
            var progress = new ProgressReporter(this, ProgressActivityId, "Wait-LocalPort");
            try
            {
                foreach (var e in waiter.Run(_cancel.Token))
                {
                    switch (e.Kind)
                    {
                        case PortWaitEventKind.Met:
                            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} {1} after {2:0.0} s.", e.Wait!.Name,
                                e.Wait.UntilClosed ? "stopped answering" : "answers", e.Elapsed.TotalSeconds));
                            WriteObject(e.Results, enumerateCollection: true);
                            break;
                        case PortWaitEventKind.TimedOut:
                            WriteError(ErrorRecords.Create(ErrorCatalogue.WaitTimedOut, e.Wait!.Port, e.Text!));
                            break;
                        case PortWaitEventKind.Warning:
                            WriteWarning(e.Text);
                            break;
                        default:
                            string status = timeout.HasValue
                                ? string.Format(CultureInfo.InvariantCulture, "{0}: {1:0} s of {2} s", e.Text, e.Elapsed.TotalSeconds, TimeoutSec)
                                : string.Format(CultureInfo.InvariantCulture, "{0}: {1:0} s", e.Text, e.Elapsed.TotalSeconds);
                            progress.Report(status, timeout.HasValue ? (int)(100 * e.Elapsed.TotalSeconds / TimeoutSec) : -1);
                            break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop quietly, as every cmdlet of the module does.
            }
            catch (InvalidOperationException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.ProbeFailed, null, e.Message, e.InnerException));
            }
            finally
            {
                progress.Complete();
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        // Every name is checked before the first socket exists, as Test-LocalPort does: a refused name sends nothing anywhere.
        private List<PortWait> Resolve(out LocalNameResolver resolver)
        {
            resolver = LocalNameResolver.ForThisMachine();
            var hosts = new Dictionary<string, ResolvedHost?>(StringComparer.OrdinalIgnoreCase);
            var waits = new List<PortWait>();
            foreach (var (name, port, protocol) in _requests)
            {
                if (!hosts.TryGetValue(name, out var host))
                {
                    host = LocalNameLookup.Resolve(this, resolver, name);
                    hosts.Add(name, host);
                }

                if (host != null)
                {
                    waits.Add(new PortWait(host, port, protocol, Closed.IsPresent));
                }
            }

            return waits;
        }
    }
}
