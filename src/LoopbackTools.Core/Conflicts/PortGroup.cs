using System.Collections.Generic;

namespace LoopbackTools.Conflicts
{
    /// <summary>
    /// Every socket of one (protocol, local port), split by role. The analysis builds these in one pass over the
    /// table and then looks at each group alone, so its cost grows with the table, never with its square.
    /// </summary>
    internal sealed class PortGroup
    {
        public PortGroup(TransportProtocol protocol, int port)
        {
            Protocol = protocol;
            Port = port;
        }

        public TransportProtocol Protocol { get; }

        public int Port { get; }

        /// <summary>TCP Listen and unconnected UDP sockets: the ones that own the port for incoming traffic.</summary>
        public List<Endpoint> Listeners { get; } = new List<Endpoint>();

        public List<Endpoint> TimeWait { get; } = new List<Endpoint>();

        /// <summary>Every other socket whose local port this is (connections made from it, or accepted on it).</summary>
        public List<Endpoint> Connections { get; } = new List<Endpoint>();

        public void Add(Endpoint endpoint)
        {
            if (ListenerStates.Contains(endpoint.State))
            {
                Listeners.Add(endpoint);
            }
            else if (endpoint.State == SocketState.TimeWait)
            {
                TimeWait.Add(endpoint);
            }
            else
            {
                Connections.Add(endpoint);
            }
        }
    }
}
