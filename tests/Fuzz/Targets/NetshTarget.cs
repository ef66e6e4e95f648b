using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Ranges;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// netsh output (WindowsPortText): excluded and dynamic ranges, merged as Get-ReservedPortRange does. Never throws,
    /// and every range it returns is a range (0 &lt;= start &lt;= end &lt;= 65535; a dynamic range starts at 1 or above).
    /// </summary>
    internal sealed class NetshTarget : InProcessTarget
    {
        public override string Name => "netsh";

        public override string Description => "netsh excludedportrange and dynamicport text";

        public override IReadOnlyList<string> Tokens => new[] { "Start Port", "Number of Ports", ": ", "     *", "----------", "\r\n" };

        protected override void Run(byte[] data, string extension)
        {
            string text = Text(data);
            var problems = new List<string>();
            var excluded = WindowsPortText.ParseExcludedRanges(text, TransportProtocol.Tcp, "netsh", problems);
            foreach (var range in WindowsPortText.Merge(excluded))
            {
                SysctlTarget.CheckRange(range, 0);
            }

            var dynamic = WindowsPortText.ParseDynamicRange(text, TransportProtocol.Udp, "netsh", problems);
            if (dynamic != null)
            {
                SysctlTarget.CheckRange(dynamic, 1);
            }
        }
    }
}
