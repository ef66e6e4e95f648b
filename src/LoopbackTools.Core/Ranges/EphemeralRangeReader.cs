using System;
using System.Collections.Generic;
using System.Globalization;
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

        public static PortRange Read(TransportProtocol protocol) => Read(protocol, null);

        /// <summary>The range; a range the OS reports that is no range is not used, and <paramref name="problems"/> says why.</summary>
        public static PortRange Read(TransportProtocol protocol, ICollection<string>? problems)
        {
            var found = new List<string>();
            PortRange? range = null;
            PortRange fallback = IanaDefault(protocol);
            if (Platform.IsLinux)
            {
                // Linux uses one range for TCP and UDP, IPv4 and IPv6.
                string? text = OptionalFile.TryReadAllText(LinuxPath);
                range = text == null ? null : ParseLinux(text, protocol, found);
                fallback = new PortRange(protocol, 32768, 60999, PortRangeKind.Ephemeral, "default");
            }
            else if (Platform.IsWindows)
            {
                string? text = CommandOutput.Run(NetshPath, "int", "ipv4", "show", "dynamicport", protocol == TransportProtocol.Tcp ? "tcp" : "udp");
                range = text == null ? null : WindowsPortText.ParseDynamicRange(text, protocol, WindowsPortText.DynamicCommand(protocol), found);
            }
            else if (Platform.IsMacOS)
            {
                string? text = CommandOutput.Run("/usr/sbin/sysctl", "-n", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last");
                range = text == null ? null : MacPortText.ParseSysctl(text, protocol, found);
            }

            foreach (string problem in found)
            {
                problems?.Add($"{problem} The ephemeral range used instead is the default {fallback.StartPort}-{fallback.EndPort}.");
            }

            return range ?? fallback;
        }

        internal static string NetshPath => Path.Combine(Environment.SystemDirectory, "netsh.exe");

        /// <summary>Parses "32768\t60999\n"; null (and a problem) when the text is not two ports in order.</summary>
        public static PortRange? ParseLinux(string text, TransportProtocol protocol, ICollection<string>? problems = null)
        {
            // Two ports and a few spaces: anything longer is not this file's format, and is not split to find out.
            var parts = text.Length > 64 ? new string[0] : text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int low)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int high)
                && low >= 1 && high <= 65535 && low <= high)
            {
                return new PortRange(protocol, low, high, PortRangeKind.Ephemeral, LinuxPath);
            }

            problems?.Add($"{LinuxPath} holds '{OsText.Shown(text)}', which is not two ports from 1 to 65535 in order; it is not used.");
            return null;
        }
    }
}
