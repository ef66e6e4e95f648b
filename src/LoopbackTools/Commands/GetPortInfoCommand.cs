using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.PortLookup;
using LoopbackTools.Ranges;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Explains one port or endpoint: address kind, port category, service, special ranges, who uses it and how clients reach it.</summary>
    [Cmdlet(VerbsCommon.Get, "PortInfo", DefaultParameterSetName = PortSet)]
    [OutputType(typeof(PortInfo), ParameterSetName = new[] { EndpointSet, PortSet })]
    public sealed class GetPortInfoCommand : PSCmdlet
    {
        public const string EndpointSet = "Endpoint";
        public const string PortSet = "Port";

        private readonly CancellationScope _cancel = new CancellationScope();
        private readonly List<(ParsedEndpoint Endpoint, List<TransportProtocol> Protocols)> _requests = new List<(ParsedEndpoint, List<TransportProtocol>)>();

        [Parameter(ParameterSetName = EndpointSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] Endpoint { get; set; } = new string[0];

        // A second set so that objects with LocalPort/LocalAddress (Get-LoopbackEndpoint's) bind by name instead of
        // being turned into strings by the by-value binding of -Endpoint.
        [Parameter(ParameterSetName = PortSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalPort")]
        [ValidateRange(1, 65535)]
        public int[] Port { get; set; } = new int[0];

        [Parameter(ParameterSetName = PortSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LocalAddress")]
        [AllowEmptyString]
        public string? Address { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TransportProtocol[]? Protocol { get; set; }

        // Bad strings are reported as they arrive; the good ones are answered together by one table read.
        protected override void ProcessRecord()
        {
            var protocols = ProtocolList.Or(Protocol, TransportProtocol.Tcp);
            foreach (string text in ParameterSetName == PortSet ? PortTexts() : Endpoint)
            {
                try
                {
                    _requests.Add((EndpointParser.Parse(text), protocols));
                }
                catch (EndpointFormatException e)
                {
                    WriteError(ErrorRecords.From(e));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_requests.Count == 0)
            {
                return;
            }

            var ports = new HashSet<int>();
            var protocols = new HashSet<TransportProtocol>();
            foreach (var request in _requests)
            {
                ports.Add(request.Endpoint.Port);
                protocols.UnionWith(request.Protocols);
            }

            var snapshot = EndpointReader.Read(this, new EndpointQuery { All = true, Protocols = protocols, LocalPorts = ports }, _cancel.Token);
            if (snapshot == null)
            {
                return;
            }

            var environment = PortEnvironmentReader.Read(this);
            var services = ServiceNames.FromOperatingSystem();
            foreach (var request in _requests)
            {
                foreach (var protocol in request.Protocols)
                {
                    WriteObject(PortInfoBuilder.Build(request.Endpoint, protocol, snapshot.Endpoints, environment, services));
                }
            }
        }

        protected override void StopProcessing() => _cancel.Cancel();

        private IEnumerable<string> PortTexts()
        {
            string address = (Address ?? string.Empty).Trim();
            if (address.Length > 2 && address[0] == '[' && address[address.Length - 1] == ']')
            {
                address = address.Substring(1, address.Length - 2);
            }

            foreach (int port in Port)
            {
                yield return address.Length == 0 ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : EndpointText.Format(address, port);
            }
        }
    }
}
