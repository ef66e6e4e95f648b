using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// A port reachable through only one of 127.0.0.1 / ::1 while 'localhost' resolves to the other first (or to
    /// both): the "localhost:3000 fails but 127.0.0.1:3000 works" case. Clients try the resolver's addresses in
    /// order; many fall back to the next on a refusal, some (older Node.js, many scripts) do not.
    /// </summary>
    internal sealed class LocalhostMismatchRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.LocalhostMismatch;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            var localhost = situation.Environment.LocalhostAddresses;
            if (localhost.Count == 0)
            {
                return;
            }

            bool v4, v6;
            var involved = new List<Endpoint>();
            if (situation.IsPlanned)
            {
                // Only the planned listener itself; what already listens on the port is InUse's business.
                var planned = situation.PlannedAddress;
                if (planned == null || !Reachable(planned.ToString(), planned.AddressFamily == AddressFamily.InterNetwork ? IPFamily.IPv4 : IPFamily.IPv6, localhost, out v4, out v6))
                {
                    return;
                }
            }
            else
            {
                // UDP sockets in the ephemeral range are clients' automatic ports, not services localhost should reach.
                if (situation.Protocol == TransportProtocol.Udp && situation.Environment.EphemeralRange(TransportProtocol.Udp).Contains(situation.Port))
                {
                    return;
                }

                v4 = false;
                v6 = false;
                foreach (var listener in situation.Group.Listeners)
                {
                    if (Reachable(listener.LocalAddress, listener.AddressFamily, localhost, out bool l4, out bool l6))
                    {
                        v4 |= l4;
                        v6 |= l6;
                        involved.Add(listener);
                    }
                }
            }

            if (v4 == v6)
            {
                return;
            }

            bool hasV4 = false, hasV6 = false;
            foreach (var a in localhost)
            {
                hasV4 |= a.AddressFamily == AddressFamily.InterNetwork;
                hasV6 |= a.AddressFamily == AddressFamily.InterNetworkV6;
            }

            bool firstIsV4 = localhost[0].AddressFamily == AddressFamily.InterNetwork;
            string reached = v4 ? "IPv4" : "IPv6";
            string missed = v4 ? "::1" : "127.0.0.1";
            bool reachedResolved = v4 ? hasV4 : hasV6;
            bool reachedFirst = v4 == firstIsV4;
            string resolves = $"'localhost' resolves to {JoinAddresses(localhost)} here";

            ConflictSeverity severity;
            string consequence;
            if (!reachedResolved)
            {
                severity = ConflictSeverity.Error;
                consequence = $"{resolves}, with no {reached} address, so clients that dial localhost:{situation.Port} cannot reach it";
            }
            else if (!reachedFirst)
            {
                severity = ConflictSeverity.Warning;
                consequence = $"{resolves}, {localhost[0]} first, so clients that dial localhost:{situation.Port} are refused on {localhost[0]} first and fail unless they fall back to the next address";
            }
            else if ((v4 && hasV6) || (v6 && hasV4))
            {
                severity = ConflictSeverity.Info;
                consequence = $"{resolves}, so clients that prefer {(v4 ? "IPv6" : "IPv4")} or pick an address of their own choosing are refused on {missed}";
            }
            else
            {
                return;
            }

            string who = situation.IsPlanned
                ? $"A listener on {EndpointText.Format(situation.PlannedAddress!.ToString(), situation.Port)} would be reachable over {reached} only"
                : $"{OwnerText.DescribeAll(involved, situation.ListenVerb)}, reachable over {reached} only";
            found.Add(ConflictFactory.Create(situation, Kind, severity, involved, $"{who}: {consequence}.",
                $"Listen on both 127.0.0.1 and ::1 (or on :: with dual-stack), or have clients dial {(v4 ? "127.0.0.1" : "[::1]")}:{situation.Port} instead of localhost."));
        }

        /// <summary>Which loopback families a listener on this address answers: a wildcard answers its own family, and :: may answer both.</summary>
        private static bool Reachable(string address, IPFamily family, IReadOnlyList<IPAddress> localhost, out bool v4, out bool v6)
        {
            v4 = false;
            v6 = false;
            if (!IPAddress.TryParse(address, out var ip))
            {
                return false;
            }

            if (AddressClassifier.IsWildcard(ip))
            {
                // 0.0.0.0 answers IPv4. A :: listener is dual-stack unless IPV6_V6ONLY was set, which the table does
                // not say: count it as answering both, so it is never accused.
                v4 = true;
                v6 = family == IPFamily.IPv6;
                return true;
            }

            // The canonical loopback addresses count even when localhost does not resolve to them: that is the Error case.
            bool isLocalhost = ip.Equals(IPAddress.Loopback) || ip.Equals(IPAddress.IPv6Loopback);
            foreach (var a in localhost)
            {
                isLocalhost |= a.Equals(ip);
            }

            if (!isLocalhost)
            {
                return false;
            }

            v4 = family == IPFamily.IPv4;
            v6 = family == IPFamily.IPv6;
            return true;
        }

        private static string JoinAddresses(IReadOnlyList<IPAddress> addresses)
        {
            var text = new List<string>(addresses.Count);
            foreach (var a in addresses)
            {
                text.Add(a.ToString());
            }

            return string.Join(", ", text);
        }
    }
}
