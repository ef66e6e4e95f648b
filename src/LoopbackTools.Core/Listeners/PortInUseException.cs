using System;
using System.Collections.Generic;

namespace LoopbackTools.Listeners
{
    /// <summary>A bind failed because the port is taken; the message names who holds it, as far as the socket table knows.</summary>
    internal sealed class PortInUseException : Exception
    {
        public PortInUseException(TransportProtocol protocol, string address, int port, IReadOnlyList<int> holderProcessIds, string message,
            Exception inner)
            : base(message, inner)
        {
            Protocol = protocol;
            Address = address;
            Port = port;
            HolderProcessIds = holderProcessIds;
        }

        public TransportProtocol Protocol { get; }

        public string Address { get; }

        public int Port { get; }

        /// <summary>The processes seen holding the port; empty when their owners are not visible.</summary>
        public IReadOnlyList<int> HolderProcessIds { get; }
    }
}
