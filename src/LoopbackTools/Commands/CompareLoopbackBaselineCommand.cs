using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Baselines;
using LoopbackTools.Inventory;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Compares a saved baseline of listeners (objects, rows piped in, or .csv/.json/.xml files) with the listeners of
    /// now. Rows are converted as they arrive; files are read row by row by the core.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LoopbackBaseline", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EndpointChange), ParameterSetName = new[] { PathSet, LiteralPathSet, ObjectSet, PipelineSet })]
    public sealed class CompareLoopbackBaselineCommand : RemotableCommandBase
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string ObjectSet = "Object";
        private const string PipelineSet = "Pipeline";

        private readonly CancellationScope _cancel = new CancellationScope();
        private BaselineLoader? _baseline;
        private BaselineLoader? _current;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ObjectSet)]
        [AllowEmptyCollection]
        public PSObject[]? Baseline { get; set; }

        // Rows piped in with no -Path or -Baseline are the baseline (Import-Csv base.csv | Compare-LoopbackBaseline);
        // its own set keeps -Baseline unambiguous and the default set from prompting for -Path.
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
        [AllowNull]
        [AllowEmptyCollection]
        public PSObject[]? InputObject { get; set; }

        [Parameter(ValueFromPipeline = true, ParameterSetName = PathSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [AllowEmptyCollection]
        public PSObject[]? Current { get; set; }

        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        public SwitchParameter AllowEmptyBaseline { get; set; }

        protected override void BeginProcessing()
        {
            // With -Session the hosts read their own tables; baseline files are read in RemoteRun and sent as rows.
            if (RemoteBegin(RemoteOptions.BaselineComparison))
            {
                return;
            }

            // A bad baseline file stops the command before any input is read.
            _baseline = new BaselineLoader(this, AllowEmptyBaseline.IsPresent);
            switch (ParameterSetName)
            {
                case PathSet:
                    _baseline.AddFiles(Path!, literal: false);
                    break;
                case LiteralPathSet:
                    _baseline.AddFiles(LiteralPath!, literal: true);
                    break;
                case ObjectSet:
                    _baseline.AddObjects(Baseline, "-Baseline");
                    break;
            }

            if (ParameterSetName != PipelineSet && (MyInvocation.BoundParameters.ContainsKey(nameof(Current)) || MyInvocation.ExpectingInput))
            {
                _current = new BaselineLoader(this, allowEmpty: true);
            }
        }

        protected override void ProcessRecord()
        {
            if (RemoteRecord())
            {
                return;
            }

            if (ParameterSetName == PipelineSet)
            {
                _baseline!.AddPiped(InputObject, "the pipeline");
            }
            else if (Current != null)
            {
                _current!.AddPiped(Current, MyInvocation.ExpectingInput ? "the pipeline" : "-Current");
            }
        }

        protected override void EndProcessing()
        {
            if (RemoteEnd())
            {
                return;
            }

            if (ParameterSetName == PipelineSet)
            {
                _baseline!.EndPipeline("The pipeline");
            }

            var baseline = _baseline!.Entries;
            List<BaselineEntry> current;
            if (_current != null)
            {
                current = _current.Entries;
            }
            else
            {
                // Read now what the baseline recorded: listeners, on loopback and wildcard addresses unless it has more.
                int skipped = baseline.RemoveAll(e => !e.IsListener);
                if (skipped > 0)
                {
                    WriteWarning($"{skipped} baseline rows are connections, not listeners, and were left out: "
                        + "the current side is read with -Listening. Pass -Current to compare connections.");
                }

                var snapshot = EndpointReader.Read(this, new EndpointQuery { All = true, ListeningOnly = true }, _cancel.Token);
                if (snapshot == null)
                {
                    return;
                }

                bool wide = All.IsPresent || BaselineScope.CoversSpecificInterfaces(baseline);
                WriteVerbose(wide
                    ? "Comparing with every listener, including those bound to one non-loopback address."
                    : "Comparing with listeners reachable through loopback (as Get-LoopbackEndpoint -Listening lists them); "
                        + "use -All to include listeners bound to one non-loopback address.");
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
