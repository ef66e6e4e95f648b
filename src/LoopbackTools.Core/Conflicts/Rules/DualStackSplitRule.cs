using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// The IPv4 and IPv6 sides of a port (on loopback or wildcard addresses, the ones 'localhost' leads to) held by
    /// different processes: a client reaches one program or the other depending on the address family it dials.
    /// </summary>
    internal sealed class DualStackSplitRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.DualStackSplit;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (situation.IsPlanned || situation.Group.Listeners.Count < 2)
            {
                return;
            }

            var v4 = new List<Endpoint>();
            var v6 = new List<Endpoint>();
            var dualStack = new List<Endpoint>();
            foreach (var listener in situation.Group.Listeners)
            {
                if (listener.Exposure != Exposure.SpecificInterface)
                {
                    (listener.AddressFamily == IPFamily.IPv4 ? v4 : v6).Add(listener);
                    if (DualStack.TakesIPv4(listener, situation.Environment) == true)
                    {
                        dualStack.Add(listener);
                    }
                }
            }

            // With no IPv4 socket on the port, a dual-stack :: answers IPv4 itself; the IPv6 side is then whatever
            // else listens on IPv6 (::1 wins over :: for the loopback address). A v6-only :: never answers IPv4.
            if (v4.Count == 0 && dualStack.Count > 0)
            {
                v4.AddRange(dualStack);
                v6.RemoveAll(dualStack.Contains);
            }

            if (v4.Count == 0 || v6.Count == 0)
            {
                return;
            }

            var v4Pids = Owners.KnownPids(v4);
            var v6Pids = Owners.KnownPids(v6);
            if (v4Pids == null || v6Pids == null || v4Pids.Overlaps(v6Pids))
            {
                return;
            }

            var involved = new List<Endpoint>(v4);
            involved.AddRange(v6);
            string message = $"The IPv4 side of {situation.PortName} belongs to {OwnerText.DescribeAll(v4, "on")} "
                + $"and the IPv6 side to {OwnerText.DescribeAll(v6, "on")}: "
                + $"a client reaches a different program depending on whether it dials an IPv4 or an IPv6 address{LocalhostClause(situation)}.";
            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, involved, message,
                "Have one program listen on both families (or on :: with dual-stack), or move one of them to another port."));
        }

        private static string LocalhostClause(PortSituation situation)
        {
            var addresses = situation.Environment.LocalhostAddresses;
            if (addresses.Count == 0)
            {
                return string.Empty;
            }

            var text = new List<string>();
            foreach (var a in addresses)
            {
                text.Add(AddressText.Format(a));
            }

            return $", and 'localhost' resolves to {string.Join(", ", text)} here ({AddressText.Format(addresses[0])} first)";
        }
    }
}
