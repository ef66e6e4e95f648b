using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Ranges
{
    /// <summary>
    /// Everything about this machine that decides whether a port can be bound, read once: the ephemeral ranges,
    /// the reserved/privileged/excluded ranges, how 'localhost' resolves and whether the caller may bind
    /// privileged ports. The conflict analysis, Get-PortInfo and the ephemeral usage all read from one of these.
    /// </summary>
    internal sealed class PortEnvironment
    {
        private const int CapNetBindService = 10;

        private readonly PortRange _tcpEphemeral;
        private readonly PortRange _udpEphemeral;
        private readonly IReadOnlyList<PortRange> _tcpReserved;
        private readonly IReadOnlyList<PortRange> _udpReserved;

        public PortEnvironment(
            HostPlatform platform,
            PortRange tcpEphemeral,
            PortRange udpEphemeral,
            IReadOnlyList<PortRange> tcpReserved,
            IReadOnlyList<PortRange> udpReserved,
            IReadOnlyList<IPAddress> localhostAddresses,
            bool canBindPrivilegedPorts,
            bool? ipv6OnlyByDefault = null)
        {
            Platform = platform;
            _tcpEphemeral = tcpEphemeral;
            _udpEphemeral = udpEphemeral;
            _tcpReserved = tcpReserved;
            _udpReserved = udpReserved;
            LocalhostAddresses = localhostAddresses;
            CanBindPrivilegedPorts = canBindPrivilegedPorts;
            IPv6OnlyByDefault = ipv6OnlyByDefault;
        }

        public HostPlatform Platform { get; }

        /// <summary>What 'localhost' resolves to here, in the order the resolver returns (the order clients try).</summary>
        public IReadOnlyList<IPAddress> LocalhostAddresses { get; }

        /// <summary>False when ports below the unprivileged start would be refused to this process.</summary>
        public bool CanBindPrivilegedPorts { get; }

        /// <summary>
        /// Whether a new IPv6 socket is IPv6-only unless its program says otherwise (Linux net.ipv6.bindv6only; Windows
        /// sockets are); null when unknown. Only a guess for a socket whose own flag the table does not carry.
        /// </summary>
        public bool? IPv6OnlyByDefault { get; }

        /// <summary>
        /// Ranges the OS reported that are no ranges (start past end, past 65535): each was left out, and the cmdlet
        /// shows this as a warning. Linux answers TCP and UDP from one file, so each problem is listed once.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; private set; } = new string[0];

        public static PortEnvironment ForCurrentPlatform()
        {
            var problems = new List<string>();
            var environment = new PortEnvironment(
                CurrentPlatform(),
                EphemeralRangeReader.Read(TransportProtocol.Tcp, problems),
                EphemeralRangeReader.Read(TransportProtocol.Udp, problems),
                ReservedRangeReader.Read(TransportProtocol.Tcp, problems),
                ReservedRangeReader.Read(TransportProtocol.Udp, problems),
                ResolveLocalhost(),
                CallerCanBindPrivilegedPorts(),
                ReadIPv6OnlyByDefault());
            environment.Warnings = problems.Distinct().ToList();
            return environment;
        }

        public const string LinuxBindV6OnlyPath = "/proc/sys/net/ipv6/bindv6only";

        /// <summary>Linux: net.ipv6.bindv6only (0 unless changed); Windows: IPv6 sockets are IPv6-only by default.</summary>
        public static bool? ReadIPv6OnlyByDefault()
        {
            if (LoopbackTools.Platform.IsWindows)
            {
                return true;
            }

            if (!LoopbackTools.Platform.IsLinux)
            {
                return null;
            }

            string? text = OptionalFile.TryReadAllText(LinuxBindV6OnlyPath)?.Trim();
            return text == "0" ? false : text == "1" ? true : (bool?)null;
        }

        public PortRange EphemeralRange(TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? _tcpEphemeral : _udpEphemeral;

        /// <summary>Reserved, privileged and excluded ranges for the protocol.</summary>
        public IReadOnlyList<PortRange> ReservedRanges(TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? _tcpReserved : _udpReserved;

        /// <summary>The first range of the kind that holds the port, or null.</summary>
        public PortRange? FindRange(TransportProtocol protocol, int port, PortRangeKind kind)
        {
            if (kind == PortRangeKind.Ephemeral)
            {
                var ephemeral = EphemeralRange(protocol);
                return ephemeral.Contains(port) ? ephemeral : null;
            }

            foreach (var range in ReservedRanges(protocol))
            {
                if (range.Kind == kind && range.Contains(port))
                {
                    return range;
                }
            }

            return null;
        }

        /// <summary>
        /// How many ports the OS can actually hand out automatically: the ephemeral range minus the reserved
        /// (Linux) or excluded (Windows) ports inside it, which automatic assignment skips.
        /// </summary>
        public int UsableEphemeralPorts(TransportProtocol protocol)
        {
            var range = EphemeralRange(protocol);
            var taken = new List<PortRange>();
            foreach (var r in ReservedRanges(protocol))
            {
                if ((r.Kind == PortRangeKind.Reserved || r.Kind == PortRangeKind.Excluded) && r.EndPort >= range.StartPort
                    && r.StartPort <= range.EndPort)
                {
                    taken.Add(r);
                }
            }

            // Ranges may overlap (Windows lists IPv4 and IPv6 exclusions separately): count each port once.
            taken.Sort((a, b) => a.StartPort.CompareTo(b.StartPort));
            int excluded = 0;
            int coveredTo = range.StartPort - 1;
            foreach (var r in taken)
            {
                int start = Math.Max(Math.Max(r.StartPort, range.StartPort), coveredTo + 1);
                int end = Math.Min(r.EndPort, range.EndPort);
                if (end >= start)
                {
                    excluded += end - start + 1;
                    coveredTo = end;
                }
            }

            return Math.Max(range.Count - excluded, 0);
        }

        public static HostPlatform CurrentPlatform() =>
            LoopbackTools.Platform.IsLinux ? HostPlatform.Linux
            : LoopbackTools.Platform.IsWindows ? HostPlatform.Windows
            : LoopbackTools.Platform.IsMacOS ? HostPlatform.MacOS
            : HostPlatform.Other;

        /// <summary>The resolver's answer for 'localhost' (hosts file, no network); empty when it has none.</summary>
        public static IReadOnlyList<IPAddress> ResolveLocalhost()
        {
            try
            {
                return Dns.GetHostAddresses("localhost");
            }
            catch (SocketException)
            {
                return new IPAddress[0];
            }
        }

        /// <summary>Linux: CAP_NET_BIND_SERVICE in the effective set (root has it unless dropped). Windows and macOS 10.14+ have no privileged
        /// ports.</summary>
        public static bool CallerCanBindPrivilegedPorts()
        {
            if (!LoopbackTools.Platform.IsLinux)
            {
                return true;
            }

            string? status = OptionalFile.TryReadAllText("/proc/self/status");
            foreach (string line in (status ?? string.Empty).Split('\n'))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    return ParseCapabilityHasBindService(line.Substring(7));
                }
            }

            return false;
        }

        internal static bool ParseCapabilityHasBindService(string hexMask)
        {
            return ulong.TryParse(hexMask.Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture,
                out ulong mask)
                && (mask & (1UL << CapNetBindService)) != 0;
        }
    }
}
