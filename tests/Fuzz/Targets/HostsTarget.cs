using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Probing;

namespace LoopbackTools.Fuzz
{
    /// <summary>/etc/hosts (HostsFile): never throws; a malformed line is skipped as resolvers do.</summary>
    internal sealed class HostsTarget : InProcessTarget
    {
        public override string Name => "hosts";

        public override string Description => "/etc/hosts";

        protected override void Run(byte[] data, string extension)
        {
            var hosts = HostsFile.Parse(Text(data));
            hosts.Lookup("localhost");
            hosts.Lookup("myapp.test.");
        }
    }
}
