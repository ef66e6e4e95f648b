using System.Net;
using LoopbackTools.Ranges;

namespace LoopbackTools.Conflicts
{
    /// <summary>What one rule looks at: one port's sockets, the machine's port environment, and whether the port is planned.</summary>
    internal sealed class PortSituation
    {
        public PortSituation(PortGroup group, PortEnvironment environment, PlannedBind? planned)
        {
            Group = group;
            Environment = environment;
            Planned = planned;
        }

        public PortGroup Group { get; }

        public PortEnvironment Environment { get; }

        /// <summary>Null when scanning the table; set when the caller asks about ports it wants to listen on.</summary>
        public PlannedBind? Planned { get; }

        public bool IsPlanned => Planned != null;

        public IPAddress? PlannedAddress => Planned?.Address;

        public int Port => Group.Port;

        public TransportProtocol Protocol => Group.Protocol;

        /// <summary>"TCP port 8080".</summary>
        public string PortName => $"{ProtocolName(Protocol)} port {Port}";

        /// <summary>"listens on" for TCP, "is bound to" for UDP, which has no listen state.</summary>
        public string ListenVerb => Protocol == TransportProtocol.Tcp ? "listens on" : "is bound to";

        public static string ProtocolName(TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? "TCP" : "UDP";
    }
}
