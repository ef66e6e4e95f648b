using System;
using System.IO;
using LoopbackTools.Audit;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>The sensitive-service catalogue CSV (SensitiveServiceCatalogue): FormatException naming the line, nothing else.</summary>
    internal sealed class CatalogueTarget : InProcessTarget
    {
        public override string Name => "catalogue";

        public override string Description => "the sensitive-service catalogue CSV";

        public override System.Collections.Generic.IReadOnlyList<string> Tokens => new[]
        {
            "Port,Protocol,Service,Processes,Match,Reason\n", ",Tcp,", ",Both,", ",PortOrProcess,", ",PortAndProcess,", "\"", "\"\"", "[",
            "redis-*;memcached", "#",
        };

        protected override void Run(byte[] data, string extension)
        {
            var catalogue = SensitiveServiceCatalogue.Parse(new StringReader(Text(data)));
            // Every pattern it accepted must match without throwing (a bad one used to fail only at match time).
            var endpoint = new Endpoint { LocalPort = 6379, ProcessName = "redis-server", ProcessPath = "/usr/bin/redis-check-rdb" };
            catalogue.Find(endpoint, out _);
        }

        protected override bool IsDocumented(Exception e) => e is FormatException;
    }
}
