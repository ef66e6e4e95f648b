using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LoopbackTools.Inventory;

namespace LoopbackTools.Commands
{
    /// <summary>Lists the endpoints reachable through loopback (or, with -All, the whole socket table) with their owners.</summary>
    [Cmdlet(VerbsCommon.Get, "LoopbackEndpoint")]
    [OutputType(typeof(Endpoint))]
    public sealed class GetLoopbackEndpointCommand : EndpointFilterCommandBase
    {
        private readonly CancellationScope _cancel = new CancellationScope();
        private RemoteRun? _remote;

        // -Session, -ThrottleLimit and -CopyModule as RemotableCommandBase declares them (this cmdlet's base is the filters').
        [Parameter]
        [AllowEmptyCollection]
        public PSSession[]? Session { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ThrottleLimit { get; set; } = RemoteRun.DefaultThrottleLimit;

        [Parameter]
        public SwitchParameter CopyModule { get; set; }

        // Bad filter values stop the command here, before any host is asked.
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _remote = RemoteRun.Begin(this, Session, ThrottleLimit, CopyModule.IsPresent, RemoteOptions.None);
        }

        protected override void ProcessRecord()
        {
            if (_remote != null)
            {
                _remote.Record();
                return;
            }

            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (_remote != null)
            {
                _remote.End();
                return;
            }

            var query = InputQuery();
            if (query == null)
            {
                return;
            }

            var snapshot = EndpointReader.Read(this, query, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            BatchWriter.Write(this, Selected(snapshot.Endpoints));
        }

        protected override void StopProcessing()
        {
            _remote?.Stop();
            _cancel.Cancel();
        }
    }
}
