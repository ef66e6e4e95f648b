using System;
using System.Collections.Generic;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using LoopbackTools.Classification;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// Decides whether an address belongs to this machine: the loopback ranges, or a unicast address configured on
    /// one of its interfaces. Every probe passes through here before a socket exists, so the module can never be
    /// pointed at another host.
    /// </summary>
    internal sealed class LocalHostGuard
    {
        // Keyed without the IPv6 scope, so fe80::1 typed without %eth0 still finds the interface's address (and its scope).
        private readonly Dictionary<IPAddress, IPAddress> _own = new Dictionary<IPAddress, IPAddress>();

        public LocalHostGuard(IEnumerable<IPAddress> ownAddresses)
        {
            foreach (var address in ownAddresses)
            {
                var key = WithoutScope(Normalize(address));
                if (!_own.ContainsKey(key))
                {
                    _own.Add(key, Normalize(address));
                }
            }
        }

        /// <summary>The unicast addresses on this machine's interfaces, loopback included.</summary>
        public IEnumerable<IPAddress> OwnAddresses => _own.Values;

        public static LocalHostGuard ForThisMachine() => new LocalHostGuard(ReadInterfaceAddresses());

        /// <summary>
        /// True when <paramref name="address"/> is on this machine; <paramref name="admitted"/> is then the address
        /// to use (IPv4-mapped IPv6 unwrapped, link-local given its interface's scope). Otherwise
        /// <paramref name="refusal"/> says why, in words an admin can act on.
        /// </summary>
        public bool TryAdmit(IPAddress address, out IPAddress admitted, out string refusal)
        {
            var normalized = Normalize(address);
            admitted = normalized;
            refusal = string.Empty;

            if (AddressClassifier.IsWildcard(normalized))
            {
                refusal = $"{AddressText.Format(normalized)} is the wildcard address, which names no host; use 127.0.0.1 or ::1.";
                return false;
            }

            if (AddressClassifier.IsLoopback(normalized))
            {
                return true;
            }

            if (_own.TryGetValue(WithoutScope(normalized), out var own))
            {
                // Keep a scope the caller gave; otherwise take the interface's, without which a link-local connect fails.
                admitted = normalized.AddressFamily == AddressFamily.InterNetworkV6 && normalized.ScopeId == 0 ? own : normalized;
                return true;
            }

            refusal = IsMulticastOrBroadcast(normalized)
                ? $"{AddressText.Format(normalized)} is a multicast or broadcast address, not an address of this machine."
                : $"{AddressText.Format(normalized)} is not an address of this machine: "
                    + "it is neither loopback nor configured on any of its interfaces.";
            return false;
        }

        public bool IsLocal(IPAddress address) => TryAdmit(address, out _, out _);

        internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

        private static IPAddress WithoutScope(IPAddress address) =>
            address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;

        private static bool IsMulticastOrBroadcast(IPAddress address)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return address.IsIPv6Multicast;
            }

            byte first = address.GetAddressBytes()[0];
            return (first >= 224 && first <= 239) || address.Equals(IPAddress.Broadcast);
        }

        private static IEnumerable<IPAddress> ReadInterfaceAddresses()
        {
            var addresses = new List<IPAddress>();
            try
            {
                foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                {
                    foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                    {
                        addresses.Add(unicast.Address);
                    }
                }
            }
            catch (Exception e) when (e is NetworkInformationException || e is PlatformNotSupportedException)
            {
                // Without the interface list only loopback counts as local: stricter, never looser.
            }

            return addresses;
        }
    }
}
