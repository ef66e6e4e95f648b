using System.IO;
using LoopbackTools.Classification;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>/etc/services (ServiceNames): never throws.</summary>
    internal sealed class ServicesTarget : InProcessTarget
    {
        public override string Name => "services";

        public override string Description => "/etc/services";

        protected override void Run(byte[] data, string extension)
        {
            var names = ServiceNames.Parse(new StringReader(Text(data)));
            names.Lookup(22, TransportProtocol.Tcp);
            names.Lookup(65535, TransportProtocol.Udp);
        }
    }
}
