using System.Collections.Generic;
using LoopbackTools.Ranges;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// The port settings of one network namespace (net.ipv4.ip_local_port_range and its neighbours are per namespace),
    /// as read from /proc/sys/net inside it. A file that could not be read is null and the host's value stands in.
    /// </summary>
    internal sealed class NamespacePortSettings
    {
        public string? EphemeralRange { get; set; }

        public string? ReservedPorts { get; set; }

        public string? UnprivilegedPortStart { get; set; }

        /// <summary>Reads the three files through /proc/sys, which shows the calling thread's namespace.</summary>
        public static NamespacePortSettings ReadHere() => new NamespacePortSettings
        {
            EphemeralRange = OptionalFile.TryReadAllText(EphemeralRangeReader.LinuxPath),
            ReservedPorts = OptionalFile.TryReadAllText(ReservedRangeReader.LinuxReservedPath),
            UnprivilegedPortStart = OptionalFile.TryReadAllText(ReservedRangeReader.LinuxUnprivilegedStartPath),
        };

        /// <summary>The host's environment with this namespace's ranges in place of the host's.</summary>
        public PortEnvironment Apply(PortEnvironment host)
        {
            var tcp = EphemeralRange == null ? null : EphemeralRangeReader.ParseLinux(EphemeralRange, TransportProtocol.Tcp);
            var udp = EphemeralRange == null ? null : EphemeralRangeReader.ParseLinux(EphemeralRange, TransportProtocol.Udp);
            return new PortEnvironment(
                host.Platform,
                tcp ?? host.EphemeralRange(TransportProtocol.Tcp),
                udp ?? host.EphemeralRange(TransportProtocol.Udp),
                Reserved(TransportProtocol.Tcp, host),
                Reserved(TransportProtocol.Udp, host),
                host.LocalhostAddresses,
                host.CanBindPrivilegedPorts);
        }

        private IReadOnlyList<PortRange> Reserved(TransportProtocol protocol, PortEnvironment host)
        {
            if (ReservedPorts == null && UnprivilegedPortStart == null)
            {
                return host.ReservedRanges(protocol);
            }

            var ranges = new List<PortRange>();
            foreach (var range in host.ReservedRanges(protocol))
            {
                // Keep what these files do not decide (Windows exclusions never apply here; Linux has only these two kinds).
                if ((range.Kind == PortRangeKind.Reserved && ReservedPorts != null)
                    || (range.Kind == PortRangeKind.Privileged && UnprivilegedPortStart != null))
                {
                    continue;
                }

                ranges.Add(range);
            }

            if (ReservedPorts != null)
            {
                ranges.AddRange(ReservedRangeReader.ParseLinuxReserved(ReservedPorts, protocol));
            }

            if (UnprivilegedPortStart != null)
            {
                ranges.Add(ReservedRangeReader.ParseLinuxUnprivilegedStart(UnprivilegedPortStart, protocol)
                    ?? new PortRange(protocol, 0, 1023, PortRangeKind.Privileged, "default"));
            }

            return ranges;
        }
    }
}
