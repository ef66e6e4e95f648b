using LoopbackTools.Ranges;

namespace LoopbackTools.Conflicts
{
    /// <summary>How rules name a range in a sentence, and the per-OS commands that move ports out of automatic assignment.</summary>
    internal static class RangeText
    {
        /// <summary>"32768-60999 (read from /proc/sys/net/ipv4/ip_local_port_range)".</summary>
        public static string Describe(PortRange range) =>
            range.Source == "default"
                ? $"{range.StartPort}-{range.EndPort} (the OS default)"
                : $"{range.StartPort}-{range.EndPort} (read from {range.Source})";

        public static string ReserveCommand(HostPlatform platform, TransportProtocol protocol, int port) => platform switch
        {
            HostPlatform.Linux => $"sysctl -w net.ipv4.ip_local_reserved_ports={port} (add to the existing list; persist it in /etc/sysctl.d)",
            HostPlatform.Windows => $"netsh int ipv4 add excludedportrange protocol={(protocol == TransportProtocol.Tcp ? "tcp" : "udp")} "
                + $"startport={port} numberofports=1 (as administrator)",
            HostPlatform.MacOS => "sysctl -w net.inet.ip.portrange.first=<a port above it>",
            _ => "move the ephemeral range away from it",
        };
    }
}
