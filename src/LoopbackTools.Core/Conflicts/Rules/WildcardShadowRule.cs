using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// One process on 0.0.0.0 (or ::) and another on a specific address of the same port and family. The kernel
    /// hands a connection to the most specific match, so which program answers depends on the address dialled.
    /// </summary>
    internal sealed class WildcardShadowRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.WildcardShadow;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (situation.IsPlanned || situation.Group.Listeners.Count < 2)
            {
                return;
            }

            Check(situation, IPFamily.IPv4, found);
            Check(situation, IPFamily.IPv6, found);
        }

        private void Check(PortSituation situation, IPFamily family, ICollection<PortConflict> found)
        {
            var wildcard = new List<Endpoint>();
            var specific = new List<Endpoint>();
            foreach (var listener in situation.Group.Listeners)
            {
                if (listener.AddressFamily == family)
                {
                    (listener.Exposure == Exposure.AllInterfaces ? wildcard : specific).Add(listener);
                }
                else if (family == IPFamily.IPv4 && listener.Exposure == Exposure.AllInterfaces
                    && DualStack.TakesIPv4(listener, situation.Environment) == true)
                {
                    // A dual-stack :: is the IPv4 wildcard too, below any IPv4 socket in the kernel's choice.
                    wildcard.Add(listener);
                }
            }

            if (wildcard.Count == 0 || specific.Count == 0)
            {
                return;
            }

            // Without every owner we cannot tell two programs from one program bound twice.
            var wildcardPids = Owners.KnownPids(wildcard);
            var specificPids = Owners.KnownPids(specific);
            if (wildcardPids == null || specificPids == null || wildcardPids.SetEquals(specificPids))
            {
                return;
            }

            var specificAddresses = new List<string>();
            foreach (var s in specific)
            {
                if (!specificAddresses.Contains(s.LocalAddress))
                {
                    specificAddresses.Add(s.LocalAddress);
                }
            }

            var involved = new List<Endpoint>(wildcard);
            involved.AddRange(specific);
            string verb = situation.ListenVerb;
            string message = $"{OwnerText.DescribeAll(wildcard, verb)} (every address) while {OwnerText.DescribeAll(specific, verb)}: "
                + $"clients that dial {OwnerText.Join(specificAddresses, "or")} on port {situation.Port} reach {OwnerText.DescribeOwners(specific)}, "
                + $"clients that dial any other {family} address reach {OwnerText.DescribeOwners(wildcard)}.";
            found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, involved, message,
                "Give each server its own port, or stop the one that should not answer; if the split is on purpose, document which address each "
                    + "client must dial."));
        }
    }
}
