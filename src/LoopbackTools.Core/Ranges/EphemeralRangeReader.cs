using System;
using System.IO;

namespace LoopbackTools.Ranges
{
    /// <summary>The OS ephemeral (dynamic) port range for a protocol.</summary>
    internal static class EphemeralRangeReader
    {
        public const string LinuxPath = "/proc/sys/net/ipv4/ip_local_port_range";

        /// <summary>RFC 6335's range: Windows Vista and later and macOS use it unless reconfigured.</summary>
        public static PortRange IanaDefault(TransportProtocol protocol) =>
            new PortRange(protocol, 49152, 65535, PortRangeKind.Ephemeral, "default");

        public static PortRange Read(TransportProtocol protocol)
        {
            if (Platform.IsLinux)
            {
                // Linux uses one range for TCP and UDP, IPv4 and IPv6.
                string? text = OptionalFile.TryReadAllText(LinuxPath);
                return (text == null ? null : ParseLinux(text, protocol))
                    ?? new PortRange(protocol, 32768, 60999, PortRangeKind.Ephemeral, "default");
            }

            if (Platform.IsWindows)
            {
                string? text = CommandOutput.Run(NetshPath, "int", "ipv4", "show", "dynamicport", protocol == TransportProtocol.Tcp ? "tcp" : "udp");
                var range = text == null ? null : WindowsPortText.ParseDynamicRange(text, protocol, WindowsPortText.DynamicCommand(protocol));
                return range ?? IanaDefault(protocol);
            }

            if (Platform.IsMacOS)
            {
                string? text = CommandOutput.Run("/usr/sbin/sysctl", "-n", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last");
                var range = text == null ? null : MacPortText.ParseSysctl(text, protocol);
                return range ?? IanaDefault(protocol);
            }

            return IanaDefault(protocol);
        }

        internal static string NetshPath => Path.Combine(Environment.SystemDirectory, "netsh.exe");

        /// <summary>Parses "32768\t60999\n"; null when the text is not two ports in order.</summary>
        public static PortRange? ParseLinux(string text, TransportProtocol protocol)
        {
            var parts = text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], out int low) && int.TryParse(parts[1], out int high)
                && low >= 1 && high <= 65535 && low <= high)
            {
                return new PortRange(protocol, low, high, PortRangeKind.Ephemeral, LinuxPath);
            }

            return null;
        }
    }
}
