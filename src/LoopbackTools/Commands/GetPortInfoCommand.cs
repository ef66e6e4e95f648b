using System.Collections.Generic;
using System.Management.Automation;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.PortLookup;
using LoopbackTools.Probing;
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
        private readonly List<(ParsedEndpoint Endpoint, List<TransportProtocol> Protocols)> _requests =
            new List<(ParsedEndpoint, List<TransportProtocol>)>();
        private LocalHostGuard? _guard;

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

        // Defaults to Unbound so that a piped object whose Protocol is empty is told apart from one without the property.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TransportProtocol[]? Protocol { get; set; } = Unbound<TransportProtocol>.Value;

        protected override void BeginProcessing() => PipelineFilters.RejectEmpty(this);

        // Bad strings are reported as they arrive; the good ones are answered together by one table read.
        protected override void ProcessRecord()
        {
            List<TransportProtocol> protocols;
            if (!PipelineFilters.IsBound(Protocol))
            {
                protocols = new List<TransportProtocol> { TransportProtocol.Tcp };
            }
            else if (Protocol == null || Protocol.Length == 0)
            {
                PipelineFilters.ReportEmptyPiped(this, nameof(Protocol), Protocol);
                return;
            }
            else
            {
                protocols = ProtocolList.Or(Protocol, TransportProtocol.Tcp);
            }

            IEnumerable<ParsedEndpoint> endpoints;
            try
            {
                endpoints = ParameterSetName == PortSet ? PortEndpoints() : TextEndpoints();
            }
            catch (EndpointFormatException e)
            {
                WriteError(ErrorRecords.From(e));
                return;
            }

            foreach (var endpoint in endpoints)
            {
                try
                {
                    if (endpoint.Address != null)
                    {
                        _guard ??= LocalHostGuard.ForThisMachine();
                        LocalAddressRule.Require(endpoint.Address, endpoint.Input, _guard, "Get-PortInfo explains the local end of a port: "
                            + $"give the port alone ({endpoint.Port}), or one of this machine's addresses.");
                    }

                    _requests.Add((endpoint, protocols));
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

        // Each text on its own: one bad string is one error, and the others are still answered.
        private IEnumerable<ParsedEndpoint> TextEndpoints()
        {
            var parsed = new List<ParsedEndpoint>(Endpoint.Length);
            foreach (string text in Endpoint)
            {
                try
                {
                    parsed.Add(EndpointParser.Parse(text));
                }
                catch (EndpointFormatException e)
                {
                    WriteError(ErrorRecords.From(e));
                }
            }

            return parsed;
        }

        // -Address is an address alone (or localhost): read as one, so that '127.0.0.1:80' is told it has a port.
        private IEnumerable<ParsedEndpoint> PortEndpoints()
        {
            string address = (Address ?? string.Empty).Trim();
            bool localhost = string.Equals(address, "localhost", System.StringComparison.OrdinalIgnoreCase);
            var ip = address.Length == 0 || localhost ? null : EndpointParser.ParseAddress(address);
            var endpoints = new List<ParsedEndpoint>(Port.Length);
            foreach (int port in Port)
            {
                string text = address.Length == 0
                    ? port.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : EndpointText.Format(localhost ? "localhost" : ip!.ToString(), port);
                endpoints.Add(new ParsedEndpoint(text, port, ip, localhost));
            }

            return endpoints;
        }
    }
}
