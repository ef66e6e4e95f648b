using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The listening TCP and bound UDP sockets from one read of the socket table, to name who answers a probe and
    /// to see UDP sockets that a probe cannot prove open.
    /// </summary>
    internal sealed class ListeningSockets
    {
        private readonly Dictionary<(TransportProtocol, int), List<(IPAddress Address, Endpoint Endpoint)>> _byPort =
            new Dictionary<(TransportProtocol, int), List<(IPAddress, Endpoint)>>();

        public static ListeningSockets Empty { get; } = new ListeningSockets(new Endpoint[0]);

        public ListeningSockets(IEnumerable<Endpoint> endpoints)
        {
            foreach (var endpoint in endpoints)
            {
                if (!ListenerStates.Contains(endpoint.State) || !IPAddress.TryParse(endpoint.LocalAddress, out var address))
                {
                    continue;
                }

                var key = (endpoint.Protocol, endpoint.LocalPort);
                if (!_byPort.TryGetValue(key, out var list))
                {
                    list = new List<(IPAddress, Endpoint)>();
                    _byPort.Add(key, list);
                }

                list.Add((LocalHostGuard.Normalize(address), endpoint));
            }
        }

        /// <summary>
        /// Reads the listeners on <paramref name="ports"/>. Probing works without the table, so an unreadable table is a
        /// warning (no owners, UDP verdicts from probes alone), not a failure. Owners cost a walk of every process's
        /// file descriptors, so callers that need them only for open ports ask for them separately.
        /// </summary>
        public static ListeningSockets Read(ISet<int> ports, ISet<TransportProtocol> protocols, bool resolveOwners, ICollection<string> warnings,
            CancellationToken cancellationToken)
        {
            try
            {
                var query = new EndpointQuery { All = true, ListeningOnly = true, ResolveOwners = resolveOwners, LocalPorts = ports,
                    Protocols = protocols };
                var snapshot = EndpointInventory.ForCurrentPlatform().Query(query, cancellationToken);
                foreach (string warning in snapshot.Warnings)
                {
                    warnings.Add(warning);
                }

                return new ListeningSockets(snapshot.Endpoints);
            }
            catch (SocketTableUnavailableException e)
            {
                warnings.Add("The socket table cannot be read, so results carry no owning process and UDP verdicts rest on probes alone: "
                    + $"{e.Message}");
                return Empty;
            }
        }

        /// <summary>
        /// The socket that receives traffic for <paramref name="address"/>: one bound to that very address, else one on
        /// the same family's wildcard, else an IPv6 wildcard socket that takes IPv4 too: by its own IPV6_V6ONLY flag
        /// when the table carries it, by <paramref name="dualStack"/> (the caller's guess) when it does not.
        /// </summary>
        public Endpoint? Find(TransportProtocol protocol, IPAddress address, int port, bool dualStack)
        {
            if (!_byPort.TryGetValue((protocol, port), out var list))
            {
                return null;
            }

            address = LocalHostGuard.Normalize(address);
            Endpoint? wildcard = null;
            Endpoint? v6Wildcard = null;
            foreach (var (bound, endpoint) in list)
            {
                if (bound.Equals(address) || SameWithoutScope(bound, address))
                {
                    return endpoint;
                }

                if (AddressClassifier.IsWildcard(bound))
                {
                    if (bound.AddressFamily == address.AddressFamily)
                    {
                        wildcard ??= endpoint;
                    }
                    else if (bound.AddressFamily == AddressFamily.InterNetworkV6 && (endpoint.IPv6Only ?? !dualStack) == false)
                    {
                        v6Wildcard ??= endpoint;
                    }
                }
            }

            return wildcard ?? v6Wildcard;
        }

        /// <summary>Names the process that answered an open probe, when this table knows it.</summary>
        public void AttachOwner(PortTestResult result)
        {
            // A probe that got an answer on IPv4 with no IPv4 socket there was answered by a dual-stack IPv6 socket;
            // a UDP verdict taken from the table (no latency) already matched a socket of its own family.
            bool answered = result.LatencyMs.HasValue;
            if (IPAddress.TryParse(result.Address, out var address)
                && Find(result.Protocol, address, result.Port, dualStack: answered) is Endpoint owner)
            {
                result.ProcessId = owner.ProcessId;
                result.ProcessName = owner.ProcessName;
            }
        }

        private static bool SameWithoutScope(IPAddress a, IPAddress b) =>
            a.AddressFamily == AddressFamily.InterNetworkV6 && b.AddressFamily == AddressFamily.InterNetworkV6
            && new IPAddress(a.GetAddressBytes()).Equals(new IPAddress(b.GetAddressBytes()));
    }
}
