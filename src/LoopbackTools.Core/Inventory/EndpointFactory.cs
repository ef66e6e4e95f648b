using System.Collections.Generic;
using System.Net;
using LoopbackTools.Classification;
using LoopbackTools.Linux;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>Turns a raw row and its holders into the flat <see cref="Endpoint"/> users see.</summary>
    /// <remarks>
    /// The inventory builds each endpoint while the table is still being read (<see cref="Create(in SocketRow,
    /// AddressFacts.Fact, AddressFacts.Fact, string)"/>) and fills in its owner afterwards (<see cref="ApplyOwner"/>). What rows
    /// repeat is worked out once: addresses through <see cref="AddressFacts"/>, and the port, protocol and uid of the
    /// previous row are kept, since the rows of one listener's connections come in runs. Not thread-safe.
    /// </remarks>
    internal sealed class EndpointFactory
    {
        private readonly PortClassifier _classifier;
        private readonly Dictionary<uint, string> _userNames = new Dictionary<uint, string>();
        private InterfaceNames? _interfaces;
        private UserNameMap? _users;

        // The previous row's local port facts and uid, for runs of rows that share them.
        private int _lastPort = -1;
        private TransportProtocol _lastProtocol;
        private PortCategory _lastCategory;
        private bool _lastEphemeral;
        private string? _lastService;
        private uint _lastUid;
        private string? _lastUserName;

        public EndpointFactory(PortClassifier classifier)
        {
            _classifier = classifier;
        }

        /// <summary>The endpoint of a row, without an owner: its user is the socket's own uid until an owner is applied.</summary>
        /// <param name="row">The row.</param>
        /// <param name="local">What is known of its local address.</param>
        /// <param name="remote">What is known of its remote address.</param>
        /// <param name="deviceName">
        /// The device's name where the source named it: a row read inside another namespace, whose interface index means
        /// that namespace's device, not this one's. Otherwise the index is looked up here.
        /// </param>
        public Endpoint Create(in SocketRow row, AddressFacts.Fact local, AddressFacts.Fact remote, string? deviceName = null)
        {
            string? device = row.InterfaceIndex <= 0
                ? null
                : deviceName ?? (_interfaces ??= new InterfaceNames()).NameOf(row.InterfaceIndex);
            if (row.LocalPort != _lastPort || row.Protocol != _lastProtocol)
            {
                _lastPort = row.LocalPort;
                _lastProtocol = row.Protocol;
                _lastCategory = AddressClassifier.CategoryOf(row.LocalPort);
                _lastEphemeral = _classifier.InEphemeralRange(row.LocalPort, row.Protocol);
                _lastService = _classifier.Services.Lookup(row.LocalPort, row.Protocol);
            }

            return new Endpoint
            {
                Protocol = row.Protocol,
                AddressFamily = row.Family,
                LocalAddress = device != null ? LocalText(local, device) : local.Text,
                LocalPort = row.LocalPort,
                RemoteAddress = remote.Text,
                RemotePort = row.RemotePort,
                State = row.State,
                Exposure = AddressClassifier.ExposureOf(local.IsLoopback, local.IsWildcard, row.InterfaceIndex),
                PortCategory = _lastCategory,
                InEphemeralRange = _lastEphemeral,
                Service = _lastService,
                SocketId = row.Inode,
                SocketUid = row.Uid,
                IPv6Only = row.Family == IPFamily.IPv6 ? row.IPv6Only : null,
                Interface = device,
                ReceiveQueue = row.ReceiveQueue,
                SendQueue = row.SendQueue,

                // No visible process (another user's, without root; a kernel socket): the socket's own uid still says whose it is.
                UserName = row.Uid.HasValue ? UserName(row.Uid.Value) : null,
            };
        }

        /// <summary>Fills in the primary holder's fields and every holder's id; an owner without a user name leaves the socket's own.</summary>
        public void ApplyOwner(Endpoint endpoint, SocketHolders? holders)
        {
            var owner = holders?.Primary;
            if (owner == null)
            {
                return;
            }

            endpoint.ProcessId = owner.ProcessId;
            endpoint.ProcessName = owner.Name;
            endpoint.ProcessPath = owner.Path;
            endpoint.CommandLine = owner.CommandLine;
            endpoint.ProcessStartTime = owner.StartTime;
            endpoint.ProcessIds = holders!.ProcessIds;
            if (owner.UserName != null)
            {
                endpoint.UserName = owner.UserName;
            }
        }

        private string UserName(uint uid)
        {
            if (_lastUserName != null && uid == _lastUid)
            {
                return _lastUserName;
            }

            if (!_userNames.TryGetValue(uid, out var name))
            {
                name = (_users ??= UserNameMap.FromSystem()).NameOf(uid);
                _userNames[uid] = name;
            }

            _lastUid = uid;
            _lastUserName = name;
            return name;
        }

        /// <summary>A link-local address carries its scope, as every tool that must dial it back writes it: fe80::1%eth0.</summary>
        private static string LocalText(AddressFacts.Fact local, string device)
        {
            IPAddress address = local.Address;
            bool scoped = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.IsIPv6LinkLocal;
            return scoped ? AddressText.Format(address, device) : local.Text;
        }
    }
}
