using System.Management.Automation;
using LoopbackTools.Inventory;

namespace LoopbackTools.Commands
{
    /// <summary>Lists the endpoints reachable through loopback (or, with -All, the whole socket table) with their owners.</summary>
    [Cmdlet(VerbsCommon.Get, "LoopbackEndpoint")]
    [OutputType(typeof(Endpoint))]
    public sealed class GetLoopbackEndpointCommand : EndpointFilterCommandBase
    {
        private readonly CancellationScope _cancel = new CancellationScope();

        protected override void EndProcessing()
        {
            if (!SelectsAnything())
            {
                return;
            }

            var namespaces = ResolveNamespaces();
            if (namespaces == null)
            {
                return;
            }

            var query = BuildQuery();
            query.NetworkNamespaces = namespaces;
            var snapshot = EndpointReader.Read(this, query, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            foreach (var endpoint in Selected(snapshot.Endpoints))
            {
                WriteObject(endpoint);
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();
    }
}
