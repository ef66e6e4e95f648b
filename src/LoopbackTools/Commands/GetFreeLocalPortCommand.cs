using System;
using System.Management.Automation;
using LoopbackTools.FreePorts;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Returns ports a server could bind right now, on every family and address a client might use.</summary>
    [Cmdlet(VerbsCommon.Get, "FreeLocalPort")]
    [OutputType(typeof(FreePort))]
    public sealed class GetFreeLocalPortCommand : PSCmdlet
    {
        private readonly CancellationScope _cancel = new CancellationScope();

        [Parameter]
        [ValidateRange(1, 1024)]
        public int Count { get; set; } = 1;

        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Range { get; set; }

        [Parameter]
        public ProtocolSelection Protocol { get; set; } = ProtocolSelection.Tcp;

        [Parameter]
        public IPFamilySelection AddressFamily { get; set; } = IPFamilySelection.Both;

        protected override void EndProcessing()
        {
            var query = new FreePortQuery { Count = Count, Protocol = Protocol, AddressFamily = AddressFamily };
            if (Range != null)
            {
                try
                {
                    query.Ports = PortList.Parse(Range);
                }
                catch (FormatException e)
                {
                    ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.InvalidPortRange, string.Join(",", Range), e.Message, e));
                }
            }

            FreePortSearch search;
            try
            {
                search = FreePortFinder.ForThisMachine().Find(query, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (NotSupportedException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.IPv6Unavailable, AddressFamily, e.Message, e));
                return;
            }

            foreach (var range in search.Avoided)
            {
                WriteVerbose($"Avoided {range.Protocol.ToString().ToUpperInvariant()} {range.StartPort}-{range.EndPort} ({range.Kind}, from "
                    + $"{range.Source}).");
            }

            foreach (string note in search.Notes)
            {
                WriteVerbose(note);
            }

            WriteVerbose($"Searched {search.RangeText}: checked {search.Checked} of {search.Candidates} candidate ports.");
            foreach (string warning in search.Warnings)
            {
                WriteWarning(warning);
            }

            foreach (var port in search.Ports)
            {
                WriteObject(port);
            }

            if (search.Ports.Count < Count)
            {
                string what = $"{Describe(Protocol)} port{(Count == 1 ? string.Empty : "s")} on {Describe(AddressFamily)}, loopback and wildcard";
                string avoided = search.Avoided.Count > 0
                    ? $" after leaving out the OS ranges listed with -Verbose ({search.Candidates} candidates left)"
                    : string.Empty;
                string message = search.Ports.Count == 0
                    ? $"No free {what} in {search.RangeText}{avoided}: {search.Shortfall}."
                    : $"Only {search.Ports.Count} of the {Count} requested {what} are free in {search.RangeText}{avoided}.";
                WriteError(ErrorRecords.Create(search.Ports.Count == 0 ? ErrorCatalogue.NoFreePort : ErrorCatalogue.NotEnoughFreePorts,
                    search.RangeText, message));
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        private static string Describe(ProtocolSelection protocol) =>
            protocol == ProtocolSelection.Both ? "TCP and UDP" : protocol.ToString().ToUpperInvariant();

        private static string Describe(IPFamilySelection family) =>
            family == IPFamilySelection.Both ? "IPv4 and IPv6" : family.ToString();
    }
}
