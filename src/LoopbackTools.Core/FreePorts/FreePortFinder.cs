using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Ranges;
using LoopbackTools.Sockets;

namespace LoopbackTools.FreePorts
{
    /// <summary>
    /// Finds ports that can be bound now on every requested protocol and family, on loopback and on the wildcard
    /// address. Port finders have reported ports "free" that were taken on the other family or on the wildcard
    /// address; this one binds each candidate on all four addresses and also skips any port the socket table shows
    /// in use on any address, so a server started on the answer collides with nobody.
    /// </summary>
    internal sealed class FreePortFinder
    {
        /// <summary>Below this are the well-known service ports: never a default answer, even where binding them needs no privilege.</summary>
        public const int DefaultLowestPort = 1024;

        private readonly Func<TransportProtocol, PortRange> _ephemeral;
        private readonly Func<TransportProtocol, IReadOnlyList<PortRange>> _reserved;
        private readonly Func<ISet<TransportProtocol>, CancellationToken, ISet<(TransportProtocol, int)>> _portsInUse;
        private readonly bool _ipv6Supported;
        private readonly Random _random;

        public FreePortFinder(
            Func<TransportProtocol, PortRange> ephemeral,
            Func<TransportProtocol, IReadOnlyList<PortRange>> reserved,
            Func<ISet<TransportProtocol>, CancellationToken, ISet<(TransportProtocol, int)>> portsInUse,
            bool ipv6Supported,
            Random random)
        {
            _ephemeral = ephemeral;
            _reserved = reserved;
            _portsInUse = portsInUse;
            _ipv6Supported = ipv6Supported;
            _random = random;
        }

        public static FreePortFinder ForThisMachine() => new FreePortFinder(
            EphemeralRangeReader.Read, ReservedRangeReader.Read, ReadPortsInUse, Socket.OSSupportsIPv6, new Random());

        /// <exception cref="NotSupportedException">IPv6 was asked for explicitly and this machine has none.</exception>
        public FreePortSearch Find(FreePortQuery query, CancellationToken cancellationToken)
        {
            var notes = new List<string>();
            var warnings = new List<string>();
            var protocols = query.Protocol == ProtocolSelection.Both
                ? new[] { TransportProtocol.Tcp, TransportProtocol.Udp }
                : new[] { query.Protocol == ProtocolSelection.Tcp ? TransportProtocol.Tcp : TransportProtocol.Udp };
            var familySelection = query.AddressFamily;
            if (!_ipv6Supported && familySelection != IPFamilySelection.IPv4)
            {
                if (familySelection == IPFamilySelection.IPv6)
                {
                    throw new NotSupportedException("IPv6 is not available on this machine, so no port can be bound on ::1 or ::. Use -AddressFamily "
                        + "IPv4.");
                }

                familySelection = IPFamilySelection.IPv4;
                notes.Add("IPv6 is not available on this machine: ports were checked on IPv4 only.");
            }

            var families = familySelection == IPFamilySelection.Both
                ? new[] { IPFamily.IPv4, IPFamily.IPv6 }
                : new[] { familySelection == IPFamilySelection.IPv4 ? IPFamily.IPv4 : IPFamily.IPv6 };

            var avoided = AvoidedRanges(protocols, explicitPorts: query.Ports != null);
            var offered = query.Ports ?? PortList.FromRange(DefaultLowestPort, 65535);
            var candidates = offered.Ports.Where(p => !avoided.Any(r => r.Contains(p))).ToArray();
            Shuffle(candidates);

            var inUse = _portsInUse(new HashSet<TransportProtocol>(protocols), cancellationToken);
            var binds = new BindCheck(protocols, families);
            var found = new List<FreePort>();
            var denied = new List<int>();
            int checkedCount = 0;
            foreach (int port in candidates)
            {
                if (found.Count >= query.Count)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                checkedCount++;
                if (protocols.Any(p => inUse.Contains((p, port))))
                {
                    continue;
                }

                if (!binds.IsFree(port, out _, out var error))
                {
                    // EACCES: a privileged port this process may not bind, whether or not anything holds it.
                    if (error == SocketError.AccessDenied)
                    {
                        denied.Add(port);
                    }

                    continue;
                }

                found.Add(new FreePort(port, query.Protocol, familySelection));
            }

            if (query.Ports != null)
            {
                foreach (var protocol in protocols)
                {
                    var ephemeral = _ephemeral(protocol);
                    var inside = found.Where(f => ephemeral.Contains(f.Port)).Select(f => f.Port).ToList();
                    if (inside.Count > 0)
                    {
                        warnings.Add($"{PortList.Describe(inside)} {(inside.Count == 1 ? "is" : "are")} in the "
                            + $"{protocol.ToString().ToUpperInvariant()} ephemeral range {ephemeral.StartPort}-{ephemeral.EndPort}: "
                            + "any outgoing connection may take such a port at any moment. Bind it right away, or choose a port outside that range.");
                    }
                }
            }

            return new FreePortSearch(found, avoided, offered.Text, candidates.Length, checkedCount, notes, warnings)
            {
                Shortfall = Shortfall(denied, checkedCount, protocols),
            };
        }

        /// <summary>
        /// The default search avoids every range the OS treats specially. An explicit list is the caller's choice,
        /// except for ranges reserved for services (Linux) or excluded from binding (Windows).
        /// </summary>
        private List<PortRange> AvoidedRanges(IEnumerable<TransportProtocol> protocols, bool explicitPorts)
        {
            var avoided = new List<PortRange>();
            foreach (var protocol in protocols)
            {
                if (!explicitPorts)
                {
                    avoided.Add(_ephemeral(protocol));
                }

                foreach (var range in _reserved(protocol))
                {
                    bool always = range.Kind == PortRangeKind.Reserved || range.Kind == PortRangeKind.Excluded;
                    if (range.Count > 0 && (always || !explicitPorts))
                    {
                        avoided.Add(range);
                    }
                }
            }

            return avoided;
        }

        /// <summary>Why candidates were not free: in use, or privileged ports this process may not bind (not the same remedy).</summary>
        private string Shortfall(List<int> denied, int checkedCount, TransportProtocol[] protocols)
        {
            if (denied.Count == 0)
            {
                return "every candidate is in use";
            }

            denied.Sort();
            PortRange? privileged = null;
            foreach (var range in _reserved(protocols[0]))
            {
                if (range.Kind == PortRangeKind.Privileged && range.Count > 0)
                {
                    privileged = range;
                }
            }

            string source = privileged == null ? string.Empty : privileged.Source == "default" ? "the OS default" : "from " + privileged.Source;
            string start = privileged == null ? string.Empty : $" (ports below {privileged.EndPort + 1}, {source})";
            string which = denied.Count == checkedCount
                ? $"every candidate is a privileged port{start}"
                : $"{PortList.Describe(denied)} {(denied.Count == 1 ? "is a privileged port" : "are privileged ports")}{start} "
                    + "and the other candidates are in use";
            return $"{which}, and this process may not bind those: run it as root or with CAP_NET_BIND_SERVICE, or choose ports of "
                + $"{(privileged == null ? "1024" : (privileged.EndPort + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))} or more";
        }

        private void Shuffle(int[] ports)
        {
            // Random order, so two test runs asking at the same moment rarely race for the same port.
            for (int i = ports.Length - 1; i > 0; i--)
            {
                int j = _random.Next(i + 1);
                (ports[i], ports[j]) = (ports[j], ports[i]);
            }
        }

        private static ISet<(TransportProtocol, int)> ReadPortsInUse(ISet<TransportProtocol> protocols, CancellationToken cancellationToken)
        {
            var inUse = new HashSet<(TransportProtocol, int)>();
            try
            {
                var query = new EndpointQuery { All = true, ResolveOwners = false, Protocols = protocols };
                foreach (var endpoint in EndpointInventory.ForCurrentPlatform().Query(query, cancellationToken).Endpoints)
                {
                    inUse.Add((endpoint.Protocol, endpoint.LocalPort));
                }
            }
            catch (SocketTableUnavailableException)
            {
                // The binds alone still see every holder in this network namespace.
            }

            return inUse;
        }
    }
}
