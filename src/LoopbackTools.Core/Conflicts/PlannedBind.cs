using System;
using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Conflicts
{
    /// <summary>"I want to listen on these ports (with these protocols, on this address)": the question Find-PortConflict -Port asks.</summary>
    internal sealed class PlannedBind
    {
        public PlannedBind(IEnumerable<int> ports, IEnumerable<TransportProtocol> protocols, IPAddress? address = null)
        {
            var portSet = new SortedSet<int>();
            foreach (int port in ports)
            {
                if (port < 1 || port > 65535)
                {
                    throw new ArgumentOutOfRangeException(nameof(ports), port, "A planned port lies in 1-65535.");
                }

                portSet.Add(port);
            }

            Ports = new List<int>(portSet);
            Protocols = new List<TransportProtocol>(new SortedSet<TransportProtocol>(protocols));
            Address = address;
        }

        public IReadOnlyList<int> Ports { get; }

        public IReadOnlyList<TransportProtocol> Protocols { get; }

        /// <summary>The address the server will bind; null when not decided (any address may collide).</summary>
        public IPAddress? Address { get; }
    }
}
