using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Ranges;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// Port range text from Linux (/proc/sys/net/ipv4/ip_local_port_range, ip_local_reserved_ports,
    /// ip_unprivileged_port_start) and macOS (sysctl net.inet.ip.portrange): never throws; every range is a range.
    /// </summary>
    internal sealed class SysctlTarget : InProcessTarget
    {
        public override string Name => "sysctl";

        public override string Description => "ip_local_port_range, reserved ports, macOS sysctl";

        public override IReadOnlyList<string> Tokens => new[] { "net.inet.ip.portrange.first: ", "net.inet.ip.portrange.last: ", "-", "," };

        public static void CheckRange(PortRange range, int lowest)
        {
            FuzzFailure.Check(range.StartPort >= lowest && range.StartPort <= range.EndPort && range.EndPort <= 65535,
                $"the range {range.StartPort}-{range.EndPort} came out of the parser");
        }

        protected override void Run(byte[] data, string extension)
        {
            // One reader per input (by its length), so an input's time is one parse's.
            string text = Text(data);
            var problems = new List<string>();
            switch (data.Length % 4)
            {
                case 0:
                    if (EphemeralRangeReader.ParseLinux(text, TransportProtocol.Tcp, problems) is PortRange linux)
                    {
                        CheckRange(linux, 1);
                    }

                    break;
                case 1:
                    foreach (var range in ReservedRangeReader.ParseLinuxReserved(text, TransportProtocol.Tcp, problems))
                    {
                        CheckRange(range, 0);
                    }

                    break;
                case 2:
                    var privileged = ReservedRangeReader.ParseLinuxUnprivilegedStart(text, TransportProtocol.Tcp, problems);
                    FuzzFailure.Check(privileged == null || (privileged.StartPort == 0 && privileged.EndPort <= 65535),
                        "a privileged range past 65535");
                    break;
                default:
                    if (MacPortText.ParseSysctl(text, TransportProtocol.Tcp, problems) is PortRange mac)
                    {
                        CheckRange(mac, 1);
                    }

                    break;
            }

            FuzzFailure.Check(problems.Count <= OsText.MaxProblems + 1, $"{problems.Count} warnings from one text");
        }
    }
}
