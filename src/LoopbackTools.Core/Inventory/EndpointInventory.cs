using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Containers;
using LoopbackTools.Namespaces;
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
        private readonly Func<ContainerAttributor> _containers;

        private static readonly NamespaceDirectory CurrentNamespaces = new NamespaceDirectory();

        public EndpointInventory(IReadOnlyList<ISocketTable> sources, ISocketOwnerResolver owners, PortClassifier classifier)
            : this(sources, owners, classifier, ContainerAttributor.ForHost)
        {
        }

        /// <param name="sources">The socket-table sources, fastest first.</param>
        /// <param name="owners">The owner lookup.</param>
        /// <param name="classifier">Port classification.</param>
        /// <param name="containers">Makes the container attribution for one read (tests point it at constructed engine state).</param>
        internal EndpointInventory(
            IReadOnlyList<ISocketTable> sources, ISocketOwnerResolver owners, PortClassifier classifier, Func<ContainerAttributor> containers)
        {
            _containers = containers;
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
            var factory = new EndpointFactory(_classifier);
            var rows = new RowCollector(query, factory);
            var namespaceTable = NamespaceTable(query);
            ISocketTable source;
            if (namespaceTable != null)
            {
                // Several namespaces come as records (each read inside its namespace); they keep the query's filters.
                foreach (var record in namespaceTable.Read(request, cancellationToken))
                {
                    rows.Add(SocketRow.From(record), record);
                }

                source = namespaceTable;
            }
            else
            {
                source = ReadTable(request, rows, cancellationToken);
            }

            warnings.AddRange(request.Warnings);
            var namespaces = namespaceTable?.Namespaces ?? CurrentNamespaceOnly();
            ulong? current = namespaceTable == null && namespaces.Count > 0 ? namespaces[0].Inode : null;

            // Records only where something reads them: other namespaces' rows come as records and are grouped by namespace;
            // the caller's namespace hands its rows to the owner lookup as they are (RowSocketList).
            var order = rows.Order();
            bool wantsOwners = query.ResolveOwners || query.FiltersOnOwner;
            var attribution = Platform.IsLinux && wantsOwners ? _containers() : null;
            List<SocketRecord>? namespaceRecords = null;
            ISocketList? sockets = null;
            if (order.Length > 0 && namespaceTable != null)
            {
                // Each namespace together, the caller's first; the table's own order inside each.
                var read = rows.Records(order);
                var grouped = NamespaceRecordOrder.Group(read, namespaces);
                order = grouped.Select(i => order[i]).ToArray();
                namespaceRecords = grouped.Select(i => read[i]).ToList();
                sockets = new RecordSocketList(namespaceRecords);
            }
            else if (order.Length > 0 && (attribution != null || (wantsOwners && source.CanResolveOwners)))
            {
                sockets = new RowSocketList(rows, order, current);
            }

            cancellationToken.ThrowIfCancellationRequested();

            IReadOnlyList<SocketHolders?>? owners = null;
            if (wantsOwners && !source.CanResolveOwners)
            {
                warnings.Add($"Owner fields are empty: the {source.Name} source cannot report which process holds a socket on this OS.");
            }
            else if (wantsOwners && sockets != null)
            {
                var lookup = _owners.Resolve(sockets, cancellationToken);
                owners = lookup.Holders;
                if (lookup.MissingCount > 0 && lookup.MissingReason != null)
                {
                    warnings.Add($"{lookup.MissingCount} of {sockets.Count} sockets have no visible owner: {lookup.MissingReason}");
                }

                if (lookup.ExitedCount > 0)
                {
                    warnings.Add(ExitedWarning(lookup.ExitedCount, sockets.Count));
                }

                if (lookup.IncompleteReason != null)
                {
                    warnings.Add($"Some owner fields are empty: {lookup.IncompleteReason}");
                }
            }

            var endpoints = new List<Endpoint>(order.Length);
            for (int i = 0; i < order.Length; i++)
            {
                var owner = owners?[i];
                if (query.FiltersOnOwner && !OwnerMatches(query, owner))
                {
                    continue;
                }

                var endpoint = rows.EndpointAt(order[i]);
                factory.ApplyOwner(endpoint, owner);
                endpoint.NetworkNamespace = namespaceRecords != null ? namespaceRecords[i].NetworkNamespace : current;
                attribution?.Apply(endpoint, sockets!, i);

                endpoints.Add(endpoint);
            }

            attribution?.Finish(namespaceTable?.Namespaces);
            return new EndpointSnapshot(endpoints, warnings, source.Name) { Namespaces = namespaces };
        }

        /// <summary>The caller's namespace, which every row of a plain read reports (none off Linux).</summary>
        private static IReadOnlyList<NetworkNamespaceInfo> CurrentNamespaceOnly() =>
            Platform.IsLinux ? new[] { CurrentNamespaces.Current() } : new NetworkNamespaceInfo[0];

        /// <summary>The multi-namespace table when the query names namespaces other than the caller's (Linux only).</summary>
        private NamespaceSocketTable? NamespaceTable(EndpointQuery query) =>
            query.NetworkNamespaces != null && !query.NetworkNamespaces.IsCurrentOnly && Platform.IsLinux
                ? new NamespaceSocketTable(_sources, query.NetworkNamespaces)
                : null;

        /// <summary>
        /// Reads the table from the first source that works into <paramref name="rows"/>: a row source streams into it (with
        /// netlink, while the kernel is still dumping), any other source's records are added one by one.
        /// </summary>
        private ISocketTable ReadTable(SocketTableRequest request, RowCollector rows, CancellationToken cancellationToken)
        {
            SocketTableUnavailableException? last = null;
            foreach (var source in _sources)
            {
                try
                {
                    // Only the warnings and rows of the source that answers count.
                    request.Warnings.Clear();
                    rows.Truncate(0);
                    if (source is ISocketRowSource streaming)
                    {
                        streaming.Read(request, rows, cancellationToken);
                    }
                    else
                    {
                        foreach (var record in source.Read(request, cancellationToken))
                        {
                            rows.Add(SocketRow.From(record), record);
                        }
                    }

                    return source;
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

                // Ports and reachability go to the kernel as a filter program where the source can; rows are filtered
                // here again either way (Matches), so a source that ignores them costs time, not correctness.
                LocalPorts = query.LocalPorts,
                RemotePorts = query.RemotePorts,
                LoopbackOrWildcardOnly = !query.All,
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

        internal static bool Matches(EndpointQuery query, SocketRecord record) =>
            Matches(query, SocketRow.From(record), query.All || IsReachableThroughLoopback(record));

        /// <summary>The query's filters on one row; <paramref name="reachable"/> says whether loopback reaches it (or -All).</summary>
        internal static bool Matches(EndpointQuery query, in SocketRow row, bool reachable)
        {
            if (!reachable)
            {
                return false;
            }

            if (query.Protocols != null && !query.Protocols.Contains(row.Protocol))
            {
                return false;
            }

            if (query.Families != null && !query.Families.Contains(row.Family))
            {
                return false;
            }

            if (query.ListeningOnly && !ListenerStates.Contains(row.State))
            {
                return false;
            }

            if (query.States != null && !query.States.Contains(row.State))
            {
                return false;
            }

            if (query.LocalPorts != null && !query.LocalPorts.Contains(row.LocalPort))
            {
                return false;
            }

            return query.RemotePorts == null || query.RemotePorts.Contains(row.RemotePort);
        }

        /// <summary>
        /// Bound to a loopback or wildcard address, or a connection with a loopback end. A wildcard bound to a device
        /// other than loopback (SO_BINDTODEVICE) takes nothing that arrives through loopback.
        /// </summary>
        internal static bool IsReachableThroughLoopback(SocketRecord record) =>
            IsReachableThroughLoopback(
                AddressClassifier.IsLoopback(record.LocalAddress),
                AddressClassifier.IsWildcard(record.LocalAddress),
                record.InterfaceIndex,
                AddressClassifier.IsLoopback(record.RemoteAddress));

        /// <summary>
        /// As <see cref="IsReachableThroughLoopback(SocketRecord)"/>, from what is already known of the addresses.
        /// The local side is the exposure rule's: whatever is not bound to a specific interface (a loopback address, a
        /// wildcard on every device or on the loopback device) takes what arrives through loopback.
        /// </summary>
        internal static bool IsReachableThroughLoopback(bool localLoopback, bool localWildcard, int interfaceIndex, bool remoteLoopback) =>
            remoteLoopback || AddressClassifier.ExposureOf(localLoopback, localWildcard, interfaceIndex) != Exposure.SpecificInterface;

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
