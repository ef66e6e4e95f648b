using System.Collections.Generic;
using System.Net;
using LoopbackTools.Classification;
using LoopbackTools.Linux;
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
        private readonly Dictionary<uint, string> _userNames = new Dictionary<uint, string>();
        private InterfaceNames? _interfaces;
        private UserNameMap? _users;

        public EndpointFactory(PortClassifier classifier)
        {
            _classifier = classifier;
        }

        public Endpoint Create(SocketRecord record, SocketHolders? holders)
        {
            string? device = record.InterfaceIndex > 0 ? (_interfaces ??= new InterfaceNames()).NameOf(record.InterfaceIndex) : null;
            var owner = holders?.Primary;
            var endpoint = new Endpoint
            {
                Protocol = record.Protocol,
                AddressFamily = record.Family,
                LocalAddress = LocalText(record.LocalAddress, device),
                LocalPort = record.LocalPort,
                RemoteAddress = Text(record.RemoteAddress),
                RemotePort = record.RemotePort,
                State = record.State,
                Exposure = AddressClassifier.ExposureOf(record.LocalAddress, record.InterfaceIndex),
                PortCategory = AddressClassifier.CategoryOf(record.LocalPort),
                InEphemeralRange = _classifier.InEphemeralRange(record.LocalPort, record.Protocol),
                Service = _classifier.Services.Lookup(record.LocalPort, record.Protocol),
                SocketId = record.Inode,
                SocketUid = record.Uid,
                IPv6Only = record.Family == IPFamily.IPv6 ? record.IPv6Only : null,
                Interface = device,
                ReceiveQueue = record.ReceiveQueue,
                SendQueue = record.SendQueue,
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

            // No visible process (another user's, without root; a kernel socket): the socket's own uid still says whose it is.
            if (endpoint.UserName == null && record.Uid.HasValue)
            {
                endpoint.UserName = UserName(record.Uid.Value);
            }

            return endpoint;
        }

        private string UserName(uint uid)
        {
            if (!_userNames.TryGetValue(uid, out var name))
            {
                name = (_users ??= UserNameMap.FromSystem()).NameOf(uid);
                _userNames[uid] = name;
            }

            return name;
        }

        /// <summary>A link-local address carries its scope, as every tool that must dial it back writes it: fe80::1%eth0.</summary>
        private string LocalText(IPAddress address, string? device)
        {
            bool scoped = device != null && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                && address.IsIPv6LinkLocal;
            return scoped ? AddressText.Format(address, device) : Text(address);
        }

        private string Text(IPAddress address)
        {
            if (!_addressText.TryGetValue(address, out var text))
            {
                text = AddressText.Format(address);
                _addressText[address] = text;
            }

            return text;
        }
    }
}
