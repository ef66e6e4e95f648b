using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;

namespace LoopbackTools.Listeners
{
    /// <summary>Who holds a port, in one sentence, from the socket engine: what a failed bind should have said.</summary>
    internal static class PortHolders
    {
        private const int MaxNamed = 3;

        public static (string Text, IReadOnlyList<int> ProcessIds) Describe(TransportProtocol protocol, int port, CancellationToken cancellationToken)
        {
            IReadOnlyList<Endpoint> rows;
            try
            {
                var query = new EndpointQuery
                {
                    All = true,
                    ResolveOwners = true,
                    Protocols = new HashSet<TransportProtocol> { protocol },
                    LocalPorts = new HashSet<int> { port },
                };
                rows = EndpointInventory.ForCurrentPlatform().Query(query, cancellationToken).Endpoints;
            }
            catch (SocketTableUnavailableException e)
            {
                return ($"The socket table cannot be read to say who holds it: {e.Message}", new int[0]);
            }

            return Describe(rows);
        }

        /// <summary>Listeners first, then other sockets; process names escaped, because another user chose them.</summary>
        public static (string Text, IReadOnlyList<int> ProcessIds) Describe(IReadOnlyList<Endpoint> rows)
        {
            if (rows.Count == 0)
            {
                return ("No socket in this machine's table holds it now: it was released, or it is held in another network namespace.", new int[0]);
            }

            var ordered = rows.OrderBy(r => ListenerStates.Contains(r.State) ? 0 : 1).ToList();
            var owned = ordered.Where(r => r.ProcessId.HasValue).GroupBy(r => r.ProcessId!.Value).ToList();
            var parts = new List<string>();
            foreach (var group in owned.Take(MaxNamed))
            {
                var first = group.First();
                parts.Add($"process {group.Key} ({TerminalText.Escape(first.ProcessName) ?? "name unknown"}) on "
                    + $"{EndpointText.Format(first.LocalAddress, first.LocalPort)} ({first.State})");
            }

            if (owned.Count > MaxNamed)
            {
                parts.Add($"{owned.Count - MaxNamed} more processes");
            }

            var unowned = ordered.Where(r => !r.ProcessId.HasValue).ToList();
            int timeWait = unowned.Count(r => r.State == SocketState.TimeWait);
            if (timeWait > 0)
            {
                parts.Add($"{timeWait} TIME_WAIT connection(s), which the OS releases within about a minute");
            }

            var hidden = unowned.Where(r => r.State != SocketState.TimeWait).ToList();
            if (hidden.Count > 0)
            {
                var first = hidden[0];
                parts.Add($"{hidden.Count} socket(s) whose owner is not visible to this user, such as "
                    + $"{EndpointText.Format(first.LocalAddress, first.LocalPort)} ({first.State})");
            }

            return ("Held by " + string.Join("; ", parts) + ".", owned.Select(g => g.Key).ToList());
        }
    }
}
