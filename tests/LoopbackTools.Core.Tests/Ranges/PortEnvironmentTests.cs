using System.IO;
using System.Linq;
using System.Net;
using LoopbackTools.Ranges;
using Xunit;

namespace LoopbackTools.Tests.Ranges
{
    public class PortEnvironmentTests
    {
        [Theory]
        [InlineData("000001fffeffffff", true)]
        [InlineData("000001fffefffbff", false)]
        [InlineData("0000000000000400", true)]
        [InlineData("0000000000000000", false)]
        [InlineData("zz", false)]
        public void CapEff_Bit10IsNetBindService(string mask, bool canBind)
        {
            Assert.Equal(canBind, PortEnvironment.ParseCapabilityHasBindService(mask));
        }

        [Fact]
        public void ForCurrentPlatform_ReadsThisMachine()
        {
            if (!Platform.IsLinux)
            {
                return;
            }

            var env = PortEnvironment.ForCurrentPlatform();
            var capEff = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapEff:")).Substring(7);

            Assert.Equal(HostPlatform.Linux, env.Platform);
            Assert.Equal(PortEnvironment.ParseCapabilityHasBindService(capEff), env.CanBindPrivilegedPorts);
            Assert.Equal(Dns.GetHostAddresses("localhost"), env.LocalhostAddresses);
            Assert.Equal(EphemeralRangeReader.Read(TransportProtocol.Tcp).StartPort, env.EphemeralRange(TransportProtocol.Tcp).StartPort);
            Assert.Contains(env.ReservedRanges(TransportProtocol.Udp), r => r.Kind == PortRangeKind.Privileged);
        }

        [Fact]
        public void UsableEphemeralPorts_SubtractsOverlappingReservedRangesOnce()
        {
            var range = new PortRange(TransportProtocol.Tcp, 1000, 1999, PortRangeKind.Ephemeral, "test");
            var reserved = ReservedRangeReader.ParseLinuxReserved("900-1009,1005-1014,1500,3000-3100", TransportProtocol.Tcp).ToList();
            reserved.Add(new PortRange(TransportProtocol.Tcp, 0, 1023, PortRangeKind.Privileged, "test"));
            var env = new PortEnvironment(HostPlatform.Linux, range, range, reserved, reserved, new IPAddress[0], true);

            // 1000-1014 (15 ports, the two overlapping lists counted once) and 1500; privileged ports do not count.
            Assert.Equal(1000 - 16, env.UsableEphemeralPorts(TransportProtocol.Tcp));
            Assert.NotNull(env.FindRange(TransportProtocol.Tcp, 1500, PortRangeKind.Reserved));
            Assert.Null(env.FindRange(TransportProtocol.Tcp, 1501, PortRangeKind.Reserved));
        }
    }
}
