using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.PortLookup;
using LoopbackTools.Ranges;

namespace LoopbackTools.Commands
{
    /// <summary>Explains one port or endpoint: address kind, port category, service, special ranges, who uses it and how clients reach it.</summary>
    [Cmdlet(VerbsCommon.Get, "PortInfo")]
    [OutputType(typeof(PortInfo))]
    public sealed class GetPortInfoCommand : PSCmdlet
    {
        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly List<ParsedEndpoint> _endpoints = new List<ParsedEndpoint>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort", "Port")]
        [AllowEmptyString]
        public string[] Endpoint { get; set; } = new string[0];

        [Parameter]
        public TransportProtocol[]? Protocol { get; set; }

        // Bad strings are reported as they arrive; the good ones are answered together by one table read.
        protected override void ProcessRecord()
        {
            foreach (string text in Endpoint)
            {
                try
                {
                    _endpoints.Add(EndpointParser.Parse(text));
                }
                catch (EndpointFormatException e)
                {
                    WriteError(EndpointParseErrors.ToErrorRecord(e));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_endpoints.Count == 0)
            {
                return;
            }

            var protocols = ProtocolList.Or(Protocol, TransportProtocol.Tcp);
            var ports = new HashSet<int>();
            foreach (var e in _endpoints)
            {
                ports.Add(e.Port);
            }

            var snapshot = EndpointReader.Read(this, new EndpointQuery
            {
                All = true,
                Protocols = new HashSet<TransportProtocol>(protocols),
                LocalPorts = ports,
            }, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            var environment = PortEnvironment.ForCurrentPlatform();
            var services = ServiceNames.FromOperatingSystem();
            foreach (var parsed in _endpoints)
            {
                foreach (var protocol in protocols)
                {
                    WriteObject(PortInfoBuilder.Build(parsed, protocol, snapshot.Endpoints, environment, services));
                }
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();
    }
}
