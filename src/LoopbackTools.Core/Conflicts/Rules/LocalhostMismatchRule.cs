using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// A port reachable through only one of 127.0.0.1 / ::1 while 'localhost' resolves to the other (first, or only):
    /// the "localhost:3000 fails but 127.0.0.1:3000 works" case. How bad it is comes from <see cref="LocalhostReach"/>,
    /// the judgement Test-LocalPort's warning uses too.
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
                // Only the planned listener itself; what already listens on the port is InUse's business. A planned ::
                // is dual-stack or not by the system default, as its program has not said.
                var planned = situation.PlannedAddress;
                if (planned == null)
                {
                    return;
                }

                bool isV6 = planned.AddressFamily == AddressFamily.InterNetworkV6;
                bool? v6Only = isV6 ? situation.Environment.IPv6OnlyByDefault : null;
                if (!Reachable(planned, isV6 ? IPFamily.IPv6 : IPFamily.IPv4, v6Only, localhost, out v4, out v6))
                {
                    return;
                }
            }
            else
            {
                // UDP sockets in the ephemeral range are clients' automatic ports, not services localhost should reach.
                if (situation.Protocol == TransportProtocol.Udp && situation.Environment.EphemeralRange(TransportProtocol.Udp)
                    .Contains(situation.Port))
                {
                    return;
                }

                v4 = false;
                v6 = false;
                foreach (var listener in situation.Group.Listeners)
                {
                    // The socket's own IPV6_V6ONLY when the table has it, else the system default for new sockets.
                    bool? v6Only = listener.IPv6Only ?? situation.Environment.IPv6OnlyByDefault;
                    // A wildcard bound to a device other than loopback (SpecificInterface) takes nothing sent to localhost.
                    if (listener.Exposure != Exposure.SpecificInterface && IPAddress.TryParse(listener.LocalAddress, out var address)
                        && Reachable(address, listener.AddressFamily, v6Only, localhost, out bool l4, out bool l6))
                    {
                        v4 |= l4;
                        v6 |= l6;
                        involved.Add(listener);
                    }
                }
            }

            var reach = LocalhostReach.Judge("localhost", localhost, v4, v6, situation.Port);
            if (reach == null)
            {
                return;
            }

            string reached = v4 ? "IPv4" : "IPv6";
            string who = situation.IsPlanned
                ? $"A listener on {EndpointText.Format(AddressText.Format(situation.PlannedAddress!), situation.Port)} "
                    + $"would be reachable over {reached} only"
                : $"{OwnerText.DescribeAll(involved, situation.ListenVerb)}, reachable over {reached} only";
            found.Add(ConflictFactory.Create(situation, Kind, reach.Severity, involved, $"{who}: {reach.Consequence}.",
                $"Listen on both 127.0.0.1 and ::1 (or on :: with dual-stack), or have clients dial {(v4 ? "127.0.0.1" : "[::1]")}:{situation.Port} "
                    + "instead of localhost."));
        }

        /// <summary>
        /// Which loopback families a listener on this address answers: a wildcard answers its own family, and a :: that
        /// is not IPv6-only answers IPv4 too (unknown counts as dual-stack, the Linux default, so it is never accused).
        /// </summary>
        private static bool Reachable(IPAddress ip, IPFamily family, bool? v6Only, IReadOnlyList<IPAddress> localhost, out bool v4, out bool v6)
        {
            v4 = false;
            v6 = false;
            if (AddressClassifier.IsWildcard(ip))
            {
                v4 = family == IPFamily.IPv4 || v6Only != true;
                v6 = family == IPFamily.IPv6;
                return true;
            }

            // The canonical loopback addresses count even when localhost does not resolve to them: that is the worst case.
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
    }
}
