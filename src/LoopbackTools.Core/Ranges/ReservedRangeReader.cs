using System;
using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Ranges
{
    /// <summary>Ranges the OS keeps away from automatic assignment or from binding (reserved, privileged, excluded).</summary>
    internal static class ReservedRangeReader
    {
        public const string LinuxReservedPath = "/proc/sys/net/ipv4/ip_local_reserved_ports";
        public const string LinuxUnprivilegedStartPath = "/proc/sys/net/ipv4/ip_unprivileged_port_start";

        public static IReadOnlyList<PortRange> Read(TransportProtocol protocol) => Read(protocol, null);

        /// <summary>The ranges; a range the OS reports that is no range is left out, and <paramref name="problems"/> says why.</summary>
        public static IReadOnlyList<PortRange> Read(TransportProtocol protocol, ICollection<string>? problems)
        {
            var ranges = new List<PortRange>();
            if (Platform.IsLinux)
            {
                string? reserved = OptionalFile.TryReadAllText(LinuxReservedPath);
                if (reserved != null)
                {
                    ranges.AddRange(ParseLinuxReserved(reserved, protocol, problems));
                }

                string? start = OptionalFile.TryReadAllText(LinuxUnprivilegedStartPath);
                var privileged = start != null ? ParseLinuxUnprivilegedStart(start, protocol, problems) : null;
                ranges.Add(privileged ?? new PortRange(protocol, 0, 1023, PortRangeKind.Privileged, "default"));
            }
            else if (Platform.IsWindows)
            {
                // Windows has no privileged ports; what it refuses to bind are the excluded ranges.
                var excluded = new List<PortRange>();
                foreach (string ipVersion in new[] { "ipv4", "ipv6" })
                {
                    string? text = CommandOutput.Run(EphemeralRangeReader.NetshPath, "int", ipVersion, "show", "excludedportrange", "protocol="
                        + (protocol == TransportProtocol.Tcp ? "tcp" : "udp"));
                    if (text != null)
                    {
                        string source = WindowsPortText.ExcludedCommand(ipVersion, protocol);
                        excluded.AddRange(WindowsPortText.ParseExcludedRanges(text, protocol, source, problems));
                    }
                }

                ranges.AddRange(WindowsPortText.Merge(excluded));
            }

            // macOS has let unprivileged processes bind any port since 10.14 and has no exclusion list: nothing to add.
            return ranges;
        }

        /// <summary>Parses "1000-1005,8080\n" (Linux's list syntax); an empty file means no reserved ports.</summary>
        public static IReadOnlyList<PortRange> ParseLinuxReserved(string text, TransportProtocol protocol, ICollection<string>? problems = null)
        {
            var ranges = new List<PortRange>();
            int refused = 0;
            foreach (string part in text.Split(new[] { ',', '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int dash = part.IndexOf('-');
                string lowText = dash < 0 ? part : part.Substring(0, dash);
                string highText = dash < 0 ? part : part.Substring(dash + 1);
                if (int.TryParse(lowText, NumberStyles.None, CultureInfo.InvariantCulture, out int low)
                    && int.TryParse(highText, NumberStyles.None, CultureInfo.InvariantCulture, out int high)
                    && low <= high && high <= 65535)
                {
                    ranges.Add(new PortRange(protocol, low, high, PortRangeKind.Reserved, LinuxReservedPath));
                }
                else if (++refused <= OsText.MaxProblems)
                {
                    problems?.Add($"{LinuxReservedPath} lists '{OsText.Shown(part)}', which is not a port or a range of ports in order; "
                        + "it is not used.");
                }
            }

            OsText.More(problems, refused, $"{LinuxReservedPath} lists");

            return ranges;
        }

        /// <summary>Ports 0..start-1 need privilege (CAP_NET_BIND_SERVICE); a start of 0 means none do.</summary>
        public static PortRange? ParseLinuxUnprivilegedStart(string text, TransportProtocol protocol, ICollection<string>? problems = null)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int start) || start > 65536)
            {
                problems?.Add($"{LinuxUnprivilegedStartPath} holds '{OsText.Shown(text)}', which is not a port; "
                    + "ports below 1024 are taken to be privileged.");
                return null;
            }

            // An empty range (start 0) still says where the fact came from.
            return new PortRange(protocol, 0, start - 1, PortRangeKind.Privileged, LinuxUnprivilegedStartPath);
        }
    }
}
