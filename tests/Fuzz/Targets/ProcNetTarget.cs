using System.IO;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Linux;

namespace LoopbackTools.Fuzz
{
    /// <summary>/proc/net/{tcp,tcp6,udp,udp6} text (ProcNetParser): never throws, a bad row is skipped.</summary>
    internal sealed class ProcNetTarget : InProcessTarget
    {
        public override string Name => "procnet";

        public override string Description => "/proc/net/tcp, tcp6, udp, udp6";

        protected override void Run(byte[] data, string extension)
        {
            // One of the four files per input (by its length), so the time is one parse's.
            var protocol = data.Length % 2 == 0 ? TransportProtocol.Tcp : TransportProtocol.Udp;
            var family = data.Length % 4 < 2 ? IPFamily.IPv4 : IPFamily.IPv6;
            foreach (var record in ProcNetParser.Parse(new StringReader(Text(data)), protocol, family))
            {
                FuzzFailure.Check(record.LocalPort >= 0 && record.LocalPort <= 65535 && record.RemotePort >= 0 && record.RemotePort <= 65535,
                    $"a row with ports {record.LocalPort} and {record.RemotePort}");
            }
        }
    }
}
