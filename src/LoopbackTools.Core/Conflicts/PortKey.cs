using System;

namespace LoopbackTools.Conflicts
{
    /// <summary>(protocol, port) as one dictionary key without boxing or tuple allocation.</summary>
    internal readonly struct PortKey : IEquatable<PortKey>
    {
        public PortKey(TransportProtocol protocol, int port)
        {
            Protocol = protocol;
            Port = port;
        }

        public TransportProtocol Protocol { get; }

        public int Port { get; }

        public bool Equals(PortKey other) => Protocol == other.Protocol && Port == other.Port;

        public override bool Equals(object? obj) => obj is PortKey other && Equals(other);

        public override int GetHashCode() => ((int)Protocol << 16) | Port;
    }
}
