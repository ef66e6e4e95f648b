using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Inventory;

namespace LoopbackTools.Commands
{
    /// <summary>Compares a saved baseline of listeners (objects or a .csv/.json/.xml file) with the listeners of now.</summary>
    [Cmdlet(VerbsData.Compare, "LoopbackBaseline", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EndpointChange), ParameterSetName = new[] { PathSet, ObjectSet })]
    public sealed class CompareLoopbackBaselineCommand : RemotableCommandBase
    {
        private const string PathSet = "Path";
        private const string ObjectSet = "Object";

        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly List<object> _current = new List<object>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ObjectSet)]
        [AllowEmptyCollection]
        public PSObject[]? Baseline { get; set; }

        [Parameter(ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public PSObject[]? Current { get; set; }

        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void BeginProcessing() => RemoteBegin(RemoteOptions.BaselineComparison);

        protected override void ProcessRecord()
        {
            if (RemoteRecord())
            {
                return;
            }

            if (Current != null)
            {
                _current.AddRange(Current);
            }
        }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            var baseline = ParameterSetName == ObjectSet
                ? BaselineLoader.FromObjects(this, Baseline ?? new PSObject[0], "-Baseline")
                : BaselineLoader.FromPath(this, Path!);

            List<BaselineEntry> current;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Current)) || MyInvocation.ExpectingInput)
            {
                current = BaselineLoader.FromObjects(this, _current, "-Current");
            }
            else
            {
                // Read now what the baseline recorded: listeners, on loopback and wildcard addresses unless it has more.
                int skipped = baseline.RemoveAll(e => !e.IsListener);
                if (skipped > 0)
                {
                    WriteWarning($"{skipped} baseline rows are connections, not listeners, and were left out: the current side is read with -Listening. Pass -Current to compare connections.");
                }

                var snapshot = EndpointReader.Read(this, new EndpointQuery { All = true, ListeningOnly = true }, _cancel.Token);
                if (snapshot == null)
                {
                    return;
                }

                bool wide = All.IsPresent || BaselineScope.CoversSpecificInterfaces(baseline);
                WriteVerbose(wide
                    ? "Comparing with every listener, including those bound to one non-loopback address."
                    : "Comparing with listeners reachable through loopback (as Get-LoopbackEndpoint -Listening lists them); use -All to include listeners bound to one non-loopback address.");
                current = BaselineScope.Current(snapshot.Endpoints, wide);
            }

            foreach (var change in BaselineComparer.Compare(baseline, current))
            {
                WriteObject(change);
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _cancel.Cancel();
        }
    }
}
