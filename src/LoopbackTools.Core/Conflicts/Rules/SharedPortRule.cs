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
                if (sharing.Count < 2)
                {
                    continue;
                }

                string where = $"{PortSituation.ProtocolName(situation.Protocol)} {EndpointText.Format(address, situation.Port)}";
                string spread = situation.Protocol == TransportProtocol.Tcp ? "new connections" : "incoming datagrams";
                string verb = situation.Protocol == TransportProtocol.Tcp ? "listen on" : "are bound to";
                if (!sharing.TrueForAll(e => e.ProcessId.HasValue))
                {
                    found.Add(WithoutEveryOwner(situation, sharing, where, verb, spread));
                    continue;
                }

                int processes = Owners.DistinctCount(sharing);
                if (processes < 2)
                {
                    continue;
                }

                bool workers = Owners.SameProgram(sharing);
                string message = $"{processes} processes {verb} {where} at once (SO_REUSEPORT or SO_REUSEADDR): "
                    + $"{OwnerText.DescribeOwners(sharing)}. The kernel spreads {spread} among them"
                    + (workers ? "; all are the same program, which usually means one server's workers." : ", so a different program can receive "
                        + "part of the traffic meant for the other.");
                string remedy = workers
                    ? "Nothing to do if these are one server's worker processes; otherwise stop the extra instance."
                    : "Stop the process that should not be there; on Linux any program of the same user can join a SO_REUSEPORT group, so run "
                        + "services under their own user.";
                found.Add(ConflictFactory.Create(situation, Kind, workers ? ConflictSeverity.Info : ConflictSeverity.Warning, sharing, message,
                    remedy));
            }
        }

        /// <summary>
        /// Sockets whose processes this session cannot see (another user's, without root): they are counted as sockets,
        /// since one process may hold them all, and named by the user the kernel records for each. One user is the usual
        /// case (Linux lets only sockets of the same user share a port with SO_REUSEPORT), so that is Info.
        /// </summary>
        private PortConflict WithoutEveryOwner(PortSituation situation, List<Endpoint> sharing, string where, string verb, string spread)
        {
            var users = new List<string>();
            var visible = new List<Endpoint>();
            foreach (var socket in sharing)
            {
                if (socket.ProcessId.HasValue)
                {
                    visible.Add(socket);
                }

                string user = socket.UserName ?? "unknown";
                if (!users.Contains(user))
                {
                    users.Add(user);
                }
            }

            int hidden = sharing.Count - visible.Count;
            string whose = users.Count == 1 ? $"all of user {users[0]}" : $"of users {OwnerText.Join(users, "and")}";
            string seen = visible.Count == 0
                ? "their processes are not visible to this session"
                : $"{OwnerText.DescribeOwners(visible)} {(visible.Count == 1 ? "holds" : "hold")} {visible.Count} of them, and the "
                    + $"{(hidden == 1 ? "process behind the other is" : $"processes behind the other {hidden} are")} not visible to this session";
            string message = $"{sharing.Count} sockets {verb} {where} at once (SO_REUSEPORT or SO_REUSEADDR), {whose}; {seen}, "
                + $"so one server's workers cannot be told from different programs. The kernel spreads {spread} among them.";
            const string remedy = "Run as root (sudo) to see which processes hold them; nothing to do if they are one server's workers, "
                + "otherwise stop the extra instance.";
            var severity = users.Count == 1 ? ConflictSeverity.Info : ConflictSeverity.Warning;
            return ConflictFactory.Create(situation, Kind, severity, sharing, message, remedy);
        }
    }
}
