using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// The socket engine's front door: reads the table from the first source that works, filters before owner
    /// lookup (so a narrow query pays only for the sockets it keeps), then classifies.
    /// </summary>
    internal sealed class EndpointInventory
    {
        private readonly IReadOnlyList<ISocketTable> _sources;
        private readonly ISocketOwnerResolver _owners;
        private readonly PortClassifier _classifier;

        public EndpointInventory(IReadOnlyList<ISocketTable> sources, ISocketOwnerResolver owners, PortClassifier classifier)
        {
            if (sources.Count == 0)
            {
                throw new ArgumentException("At least one socket table source is needed.", nameof(sources));
            }

            _sources = sources;
            _owners = owners;
            _classifier = classifier;
        }

        public PortClassifier Classifier => _classifier;

        public static EndpointInventory ForCurrentPlatform() =>
            new EndpointInventory(SocketTables.ForCurrentPlatform(), SocketOwnerResolvers.ForCurrentPlatform(), PortClassifier.ForCurrentPlatform());

        public EndpointSnapshot Query(EndpointQuery query, CancellationToken cancellationToken = default)
        {
            var warnings = new List<string>();
            var request = BuildRequest(query);
            var (records, source) = ReadTable(request, cancellationToken);
            warnings.AddRange(request.Warnings);

            var kept = new List<SocketRecord>(records.Count);
            foreach (var record in records)
            {
                if (Matches(query, record))
                {
                    kept.Add(record);
                }
            }

            SocketRecordOrder.Sort(kept);
            cancellationToken.ThrowIfCancellationRequested();

            IReadOnlyList<SocketHolders?>? owners = null;
            if (query.ResolveOwners || query.FiltersOnOwner)
            {
                if (!source.CanResolveOwners)
                {
                    warnings.Add($"Owner fields are empty: the {source.Name} source cannot report which process holds a socket on this OS.");
                }
                else if (kept.Count > 0)
                {
                    var lookup = _owners.Resolve(kept, cancellationToken);
                    owners = lookup.Holders;
                    if (lookup.MissingCount > 0 && lookup.MissingReason != null)
                    {
                        warnings.Add($"{lookup.MissingCount} of {kept.Count} sockets have no visible owner: {lookup.MissingReason}");
                    }

                    if (lookup.ExitedCount > 0)
                    {
                        warnings.Add(ExitedWarning(lookup.ExitedCount, kept.Count));
                    }

                    if (lookup.IncompleteReason != null)
                    {
                        warnings.Add($"Some owner fields are empty: {lookup.IncompleteReason}");
                    }
                }
            }

            var factory = new EndpointFactory(_classifier);
            var endpoints = new List<Endpoint>(kept.Count);
            for (int i = 0; i < kept.Count; i++)
            {
                var owner = owners?[i];
                if (query.FiltersOnOwner && !OwnerMatches(query, owner))
                {
                    continue;
                }

                endpoints.Add(factory.Create(kept[i], owner));
            }

            return new EndpointSnapshot(endpoints, warnings, source.Name);
        }

        private (IReadOnlyList<SocketRecord> Records, ISocketTable Source) ReadTable(SocketTableRequest request, CancellationToken cancellationToken)
        {
            SocketTableUnavailableException? last = null;
            foreach (var source in _sources)
            {
                try
                {
                    // Only the warnings of the source that answers count.
                    request.Warnings.Clear();
                    return (source.Read(request, cancellationToken), source);
                }
                catch (SocketTableUnavailableException e)
                {
                    last = e;
                }
            }

            throw new SocketTableUnavailableException("No socket table source works on this machine: " + last!.Message, last);
        }

        internal static SocketTableRequest BuildRequest(EndpointQuery query)
        {
            var request = new SocketTableRequest
            {
                IncludeTcp = query.Protocols == null || query.Protocols.Contains(TransportProtocol.Tcp),
                IncludeUdp = query.Protocols == null || query.Protocols.Contains(TransportProtocol.Udp),
                IncludeIPv4 = query.Families == null || query.Families.Contains(IPFamily.IPv4),
                IncludeIPv6 = query.Families == null || query.Families.Contains(IPFamily.IPv6),
            };

            if (query.ListeningOnly)
            {
                request.TcpStates = new HashSet<SocketState> { SocketState.Listen };
                request.UdpBoundOnly = true;
            }

            if (query.States != null)
            {
                var tcp = new HashSet<SocketState>(query.States);
                tcp.Remove(SocketState.Bound);
                if (request.TcpStates != null)
                {
                    tcp.IntersectWith(request.TcpStates);
                }

                request.TcpStates = tcp;
                if (tcp.Count == 0)
                {
                    request.IncludeTcp = false;
                }

                // Connected UDP sockets report Established, unconnected ones Bound; any other state has no UDP rows.
                bool udpBound = query.States.Contains(SocketState.Bound);
                bool udpConnected = query.States.Contains(SocketState.Established) && !query.ListeningOnly;
                if (!udpBound && !udpConnected)
                {
                    request.IncludeUdp = false;
                }
                else if (udpBound && !udpConnected)
                {
                    request.UdpBoundOnly = true;
                }
            }

            return request;
        }

        internal static bool Matches(EndpointQuery query, SocketRecord record)
        {
            if (!query.All && !IsReachableThroughLoopback(record))
            {
                return false;
            }

            if (query.Protocols != null && !query.Protocols.Contains(record.Protocol))
            {
                return false;
            }

            if (query.Families != null && !query.Families.Contains(record.Family))
            {
                return false;
            }

            if (query.ListeningOnly && !ListenerStates.Contains(record.State))
            {
                return false;
            }

            if (query.States != null && !query.States.Contains(record.State))
            {
                return false;
            }

            if (query.LocalPorts != null && !query.LocalPorts.Contains(record.LocalPort))
            {
                return false;
            }

            return query.RemotePorts == null || query.RemotePorts.Contains(record.RemotePort);
        }

        /// <summary>
        /// Bound to a loopback or wildcard address, or a connection with a loopback end. A wildcard bound to a device
        /// other than loopback (SO_BINDTODEVICE) takes nothing that arrives through loopback.
        /// </summary>
        internal static bool IsReachableThroughLoopback(SocketRecord record) =>
            AddressClassifier.IsLoopback(record.LocalAddress)
            || (AddressClassifier.IsWildcard(record.LocalAddress)
                && (record.InterfaceIndex == 0 || Linux.InterfaceNames.IsLoopback(record.InterfaceIndex)))
            || AddressClassifier.IsLoopback(record.RemoteAddress);

        /// <summary>The warning for sockets whose every holder exited (or changed identity) before it could be read whole.</summary>
        internal static string ExitedWarning(int exited, int total) =>
            $"{exited} of {total} sockets have no owner: their process exited during the scan (or its process ID came to name "
            + "another process, or it started another program) before its details could be read.";

        // Any holder may match: -ProcessId of a pre-fork worker finds the socket it shares with its master.
        private static bool OwnerMatches(EndpointQuery query, SocketHolders? holders)
        {
            if (holders == null)
            {
                return false;
            }

            foreach (var owner in holders.All)
            {
                if (OwnerMatches(query, owner))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OwnerMatches(EndpointQuery query, ProcessOwner owner)
        {
            if (query.ProcessIds != null && !query.ProcessIds.Contains(owner.ProcessId))
            {
                return false;
            }

            return query.ProcessNames == null || query.ProcessNames.Any(p => p.IsMatch(owner.Name, owner.Path));
        }
    }
}
