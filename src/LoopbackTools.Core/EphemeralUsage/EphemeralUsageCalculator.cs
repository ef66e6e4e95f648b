using System;
using System.Collections.Generic;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Namespaces;
using LoopbackTools.Ranges;

namespace LoopbackTools.EphemeralUsage
{
    /// <summary>
    /// How close the machine is to running out of automatic local ports. A socket counts when it is not a listener,
    /// its local port lies in the ephemeral range, and (TCP) that port is not a listening port, which would make it
    /// a connection accepted by a server rather than one made from an automatic port. Two linear passes.
    /// </summary>
    internal static class EphemeralUsageCalculator
    {
        public const int TopProcessCount = 3;

        /// <summary>One row per (protocol, local address, destination), closest to exhaustion first.</summary>
        public static IReadOnlyList<EphemeralPortUsage> Calculate(IReadOnlyList<Endpoint> endpoints, PortEnvironment environment,
            CancellationToken cancellationToken = default)
        {
            var destinations = new Dictionary<(TransportProtocol, string, string, int), Destination>();
            var order = new List<Destination>();
            foreach (var endpoint in Counted(endpoints, environment, cancellationToken))
            {
                var key = (endpoint.Protocol, endpoint.LocalAddress, endpoint.RemoteAddress, endpoint.RemotePort);
                if (!destinations.TryGetValue(key, out var destination))
                {
                    destination = new Destination(endpoint);
                    destinations[key] = destination;
                    order.Add(destination);
                }

                destination.Add(endpoint);
            }

            var rows = new List<EphemeralPortUsage>(order.Count);
            foreach (var destination in order)
            {
                rows.Add(destination.ToUsage(environment.UsableEphemeralPorts(destination.Protocol)));
            }

            rows.Sort(CompareRows);
            return rows;
        }

        /// <summary>One row per protocol (TCP, then UDP), also when nothing is in use.</summary>
        public static IReadOnlyList<EphemeralPortSummary> Summarize(IReadOnlyList<Endpoint> endpoints, PortEnvironment environment,
            CancellationToken cancellationToken = default)
        {
            var summaries = new Dictionary<TransportProtocol, EphemeralPortSummary>();
            var ports = new Dictionary<TransportProtocol, HashSet<int>>();
            var tallies = new Dictionary<TransportProtocol, ProcessTally>();
            foreach (TransportProtocol protocol in new[] { TransportProtocol.Tcp, TransportProtocol.Udp })
            {
                var range = environment.EphemeralRange(protocol);
                summaries[protocol] = new EphemeralPortSummary
                {
                    Protocol = protocol,
                    StartPort = range.StartPort,
                    EndPort = range.EndPort,
                    RangeSize = environment.UsableEphemeralPorts(protocol),
                };
                ports[protocol] = new HashSet<int>();
                tallies[protocol] = new ProcessTally();
            }

            foreach (var endpoint in Counted(endpoints, environment, cancellationToken))
            {
                var summary = summaries[endpoint.Protocol];
                summary.Sockets++;
                ports[endpoint.Protocol].Add(endpoint.LocalPort);
                tallies[endpoint.Protocol].Add(endpoint);
                switch (endpoint.State)
                {
                    case SocketState.Established: summary.Established++; break;
                    case SocketState.TimeWait: summary.TimeWait++; break;
                    case SocketState.CloseWait: summary.CloseWait++; break;
                    case SocketState.FinWait1:
                    case SocketState.FinWait2: summary.FinWait++; break;
                    case SocketState.SynSent: summary.SynSent++; break;
                    default: summary.OtherStates++; break;
                }
            }

            foreach (var row in Calculate(endpoints, environment, cancellationToken))
            {
                var summary = summaries[row.Protocol];
                summary.Destinations++;
                if (summary.BusiestDestination.Length == 0)
                {
                    // Rows come closest-to-exhaustion first.
                    summary.BusiestDestination = row.RemoteAddress.Length == 0 ? "*" : EndpointText.Format(row.RemoteAddress, row.RemotePort);
                    summary.BusiestPercentUsed = row.PercentUsed;
                }
            }

            var result = new List<EphemeralPortSummary>();
            foreach (TransportProtocol protocol in new[] { TransportProtocol.Tcp, TransportProtocol.Udp })
            {
                var summary = summaries[protocol];
                summary.PortsInUse = ports[protocol].Count;
                summary.PercentUsed = Percent(summary.PortsInUse, summary.RangeSize);
                summary.TopProcesses = tallies[protocol].Top(TopProcessCount);
                result.Add(summary);
            }

            return result;
        }

        /// <summary>
        /// Per network namespace (each has its own ephemeral range and its own ports): usage rows, or with
        /// <paramref name="summary"/> one summary per protocol of each namespace, each stamped with its namespace.
        /// </summary>
        public static TableAnalysis<object> PerNamespace(
            EndpointSnapshot snapshot, PortEnvironment host, bool summary, CancellationToken cancellationToken = default)
        {
            var results = new List<object>();
            var rows = new List<EphemeralPortUsage>();
            var groups = NamespaceGroup.Split(snapshot.Endpoints, snapshot.Namespaces, host, summary, out int leftOut);
            foreach (var group in groups)
            {
                if (summary)
                {
                    foreach (var row in Summarize(group.Endpoints, group.Environment, cancellationToken))
                    {
                        row.NetworkNamespace = group.Inode;
                        results.Add(row);
                    }
                }
                else
                {
                    foreach (var row in Calculate(group.Endpoints, group.Environment, cancellationToken))
                    {
                        row.NetworkNamespace = group.Inode;
                        rows.Add(row);
                    }
                }
            }

            // Closest to exhaustion first across every namespace, as within one.
            rows.Sort((a, b) =>
            {
                int c = CompareRows(a, b);
                return c != 0 ? c : Nullable.Compare(a.NetworkNamespace, b.NetworkNamespace);
            });
            results.AddRange(rows);

            var warnings = new List<string>();
            if (NamespaceGroup.LeftOutWarning(leftOut) is string warning)
            {
                warnings.Add(warning);
            }

            return new TableAnalysis<object>(results, warnings, snapshot.Source);
        }

        internal static double Percent(int used, int size) => size <= 0 ? 100.0 : Math.Round(100.0 * used / size, 1, MidpointRounding.AwayFromZero);

        /// <summary>The sockets that hold an automatic local port.</summary>
        private static IEnumerable<Endpoint> Counted(IReadOnlyList<Endpoint> endpoints, PortEnvironment environment,
            CancellationToken cancellationToken)
        {
            var listeningTcpPorts = new HashSet<int>();
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Protocol == TransportProtocol.Tcp && endpoint.State == SocketState.Listen)
                {
                    listeningTcpPorts.Add(endpoint.LocalPort);
                }
            }

            var tcpRange = environment.EphemeralRange(TransportProtocol.Tcp);
            var udpRange = environment.EphemeralRange(TransportProtocol.Udp);
            for (int i = 0; i < endpoints.Count; i++)
            {
                if ((i & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var endpoint = endpoints[i];
                if (endpoint.State == SocketState.Listen)
                {
                    continue;
                }

                if (endpoint.Protocol == TransportProtocol.Tcp
                    ? tcpRange.Contains(endpoint.LocalPort) && !listeningTcpPorts.Contains(endpoint.LocalPort)
                    : udpRange.Contains(endpoint.LocalPort))
                {
                    yield return endpoint;
                }
            }
        }

        private static int CompareRows(EphemeralPortUsage a, EphemeralPortUsage b)
        {
            int c = b.PercentUsed.CompareTo(a.PercentUsed);
            if (c == 0) c = (b.InUse + b.TimeWait).CompareTo(a.InUse + a.TimeWait);
            if (c == 0) c = a.Protocol.CompareTo(b.Protocol);
            if (c == 0) c = string.CompareOrdinal(a.RemoteAddress, b.RemoteAddress);
            if (c == 0) c = a.RemotePort.CompareTo(b.RemotePort);
            if (c == 0) c = string.CompareOrdinal(a.LocalAddress, b.LocalAddress);
            return c;
        }

        private sealed class Destination
        {
            private readonly ProcessTally _owners = new ProcessTally();
            private readonly Endpoint _first;
            private int _inUse;
            private int _timeWait;

            public Destination(Endpoint first)
            {
                _first = first;
            }

            public TransportProtocol Protocol => _first.Protocol;

            public void Add(Endpoint endpoint)
            {
                if (endpoint.State == SocketState.TimeWait)
                {
                    _timeWait++;
                }
                else
                {
                    _inUse++;
                }

                _owners.Add(endpoint);
            }

            public EphemeralPortUsage ToUsage(int rangeSize)
            {
                bool unconnected = _first.Protocol == TransportProtocol.Udp && _first.State == SocketState.Bound;
                return new EphemeralPortUsage
                {
                    Protocol = _first.Protocol,
                    LocalAddress = _first.LocalAddress,
                    RemoteAddress = unconnected ? string.Empty : _first.RemoteAddress,
                    RemotePort = unconnected ? 0 : _first.RemotePort,
                    InUse = _inUse,
                    TimeWait = _timeWait,
                    RangeSize = rangeSize,
                    PercentUsed = Percent(_inUse + _timeWait, rangeSize),
                    TopProcesses = _owners.Top(TopProcessCount),
                };
            }
        }
    }
}
