using System.Collections.Generic;
using LoopbackTools.Classification;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>A planned port that something already holds: a listener (certain refusal) or, failing that, connections using it as their local
    /// port.</summary>
    internal sealed class InUseRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.InUse;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (!situation.IsPlanned)
            {
                return;
            }

            var certain = new List<Endpoint>();
            var ifDualStack = new List<Endpoint>();
            foreach (var listener in situation.Group.Listeners)
            {
                switch (BindOverlap.Of(listener, situation.PlannedAddress))
                {
                    case Overlap.Certain: certain.Add(listener); break;
                    case Overlap.IfDualStack: ifDualStack.Add(listener); break;
                }
            }

            string target = Target(situation);
            if (certain.Count > 0)
            {
                found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Error, certain,
                    $"{target} is already in use: {OwnerText.DescribeAll(certain, situation.ListenVerb)}{DualStackClause(certain, situation)}, "
                    + "so a new listener is refused (address already in use).",
                    $"Stop or reconfigure that process (Get-LoopbackEndpoint -Port {situation.Port} -Listening | Stop-Process), or choose another "
                        + "port (Get-FreeLocalPort)."));
                return;
            }

            if (ifDualStack.Count > 0)
            {
                found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, ifDualStack,
                    $"{target} may be in use: {OwnerText.DescribeAll(ifDualStack, situation.ListenVerb)} (the IPv6 wildcard); if that socket is "
                        + "dual-stack (IPV6_V6ONLY off, the Linux default) it owns the IPv4 side too and the bind is refused.",
                    "Bind to the other address family only, or have that process set IPV6_V6ONLY; otherwise choose another port "
                        + "(Get-FreeLocalPort)."));
                return;
            }

            var connections = new List<Endpoint>();
            foreach (var connection in situation.Group.Connections)
            {
                if (BindOverlap.Of(connection.LocalAddress, situation.PlannedAddress) == Overlap.Certain)
                {
                    connections.Add(connection);
                }
            }

            if (connections.Count > 0)
            {
                string count = connections.Count == 1 ? "1 open connection uses it as its" : $"{connections.Count} open connections use it as their";
                found.Add(ConflictFactory.Create(situation, Kind, ConflictSeverity.Warning, connections,
                    $"No process listens on {target}, but {count} local port ({OwnerText.DescribeAll(connections)}): a listener is refused while "
                        + "they last unless every socket involved set SO_REUSEADDR.",
                    "Wait for those connections to close or stop their process; set SO_REUSEADDR on the listener; or choose a port outside the "
                        + "ephemeral range (Get-FreeLocalPort)."));
            }
        }

        /// <summary>Why an IPv6 socket blocks an IPv4 bind: it is dual-stack, by the kernel's own flag.</summary>
        private static string DualStackClause(List<Endpoint> certain, PortSituation situation)
        {
            var planned = situation.PlannedAddress;
            if (planned == null || planned.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return string.Empty;
            }

            foreach (var listener in certain)
            {
                if (listener.AddressFamily == IPFamily.IPv6 && listener.IPv6Only == false)
                {
                    return " (the IPv6 wildcard, dual-stack: it takes IPv4 on its port too)";
                }
            }

            return string.Empty;
        }

        private static string Target(PortSituation situation) =>
            situation.PlannedAddress == null
                ? situation.PortName
                : PortSituation.ProtocolName(situation.Protocol) + " "
                    + EndpointText.Format(AddressText.Format(situation.PlannedAddress), situation.Port);
    }
}
