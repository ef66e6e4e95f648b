using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>
    /// Several processes listening on the very same address and port. The kernel allows that only when every socket
    /// set SO_REUSEPORT (Linux, same user) or SO_REUSEADDR (Windows, BSD), and then spreads new connections among them.
    /// </summary>
    internal sealed class SharedPortRule : IConflictRule
    {
        public ConflictKind Kind => ConflictKind.SharedPort;

        public void Check(PortSituation situation, ICollection<PortConflict> found)
        {
            if (situation.IsPlanned || situation.Group.Listeners.Count < 2)
            {
                return;
            }

            var byAddress = new Dictionary<string, List<Endpoint>>();
            var order = new List<string>();
            foreach (var listener in situation.Group.Listeners)
            {
                if (!byAddress.TryGetValue(listener.LocalAddress, out var list))
                {
                    list = new List<Endpoint>();
                    byAddress[listener.LocalAddress] = list;
                    order.Add(listener.LocalAddress);
                }

                list.Add(listener);
            }

            foreach (string address in order)
            {
                var sharing = byAddress[address];
                int processes = Owners.DistinctCount(sharing);
                if (processes < 2)
                {
                    continue;
                }

                string where = $"{PortSituation.ProtocolName(situation.Protocol)} {EndpointText.Format(address, situation.Port)}";
                string spread = situation.Protocol == TransportProtocol.Tcp ? "new connections" : "incoming datagrams";
                bool workers = Owners.SameProgram(sharing);
                string message = $"{processes} processes {(situation.Protocol == TransportProtocol.Tcp ? "listen on" : "are bound to")} {where} at once (SO_REUSEPORT or SO_REUSEADDR): {OwnerText.DescribeOwners(sharing)}. The kernel spreads {spread} among them"
                    + (workers ? "; all are the same program, which usually means one server's workers." : ", so a different program can receive part of the traffic meant for the other.");
                string remedy = workers
                    ? "Nothing to do if these are one server's worker processes; otherwise stop the extra instance."
                    : "Stop the process that should not be there; on Linux any program of the same user can join a SO_REUSEPORT group, so run services under their own user.";
                found.Add(ConflictFactory.Create(situation, Kind, workers ? ConflictSeverity.Info : ConflictSeverity.Warning, sharing, message, remedy));
            }
        }
    }
}
