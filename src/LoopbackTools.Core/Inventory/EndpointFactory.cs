using System.Collections.Generic;
using System.Net;
using LoopbackTools.Classification;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>Turns a raw row and its holders into the flat <see cref="Endpoint"/> users see.</summary>
    internal sealed class EndpointFactory
    {
        private readonly PortClassifier _classifier;

        // Tables repeat a handful of addresses (127.0.0.1, ::, ...) across 100k rows: format each once.
        private readonly Dictionary<IPAddress, string> _addressText = new Dictionary<IPAddress, string>();

        public EndpointFactory(PortClassifier classifier)
        {
            _classifier = classifier;
        }

        public Endpoint Create(SocketRecord record, SocketHolders? holders)
        {
            var owner = holders?.Primary;
            var endpoint = new Endpoint
            {
                Protocol = record.Protocol,
                AddressFamily = record.Family,
                LocalAddress = Text(record.LocalAddress),
                LocalPort = record.LocalPort,
                RemoteAddress = Text(record.RemoteAddress),
                RemotePort = record.RemotePort,
                State = record.State,
                Exposure = AddressClassifier.ExposureOf(record.LocalAddress),
                PortCategory = AddressClassifier.CategoryOf(record.LocalPort),
                InEphemeralRange = _classifier.InEphemeralRange(record.LocalPort, record.Protocol),
                Service = _classifier.Services.Lookup(record.LocalPort, record.Protocol),
                SocketId = record.Inode,
            };
            if (owner != null)
            {
                endpoint.ProcessId = owner.ProcessId;
                endpoint.ProcessName = owner.Name;
                endpoint.ProcessPath = owner.Path;
                endpoint.CommandLine = owner.CommandLine;
                endpoint.UserName = owner.UserName;
                endpoint.ProcessStartTime = owner.StartTime;
                endpoint.ProcessIds = holders!.ProcessIds;
            }

            return endpoint;
        }

        private string Text(IPAddress address)
        {
            if (!_addressText.TryGetValue(address, out var text))
            {
                text = address.ToString();
                _addressText[address] = text;
            }

            return text;
        }
    }
}
