using System;
using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.PortLookup;

namespace LoopbackTools.Fuzz
{
    /// <summary>host:port text as Get-PortInfo and Find-PortConflict -Address take it (EndpointParser).</summary>
    internal sealed class HostPortTarget : InProcessTarget
    {
        public override string Name => "hostport";

        public override string Description => "port, address:port, [IPv6]:port text";

        public override IReadOnlyList<string> Tokens => new[] { ":", "[", "]", "::", "%", "localhost", "127.0.0.1", "::ffff:", "http://", "/", "-" };

        protected override void Run(byte[] data, string extension)
        {
            string text = Text(data);
            var parsed = EndpointParser.Parse(text);
            FuzzFailure.Check(parsed.Port >= 1 && parsed.Port <= 65535, $"port {parsed.Port} came out of the parser");
            try
            {
                EndpointParser.ParseAddress(text);
            }
            catch (EndpointFormatException)
            {
            }
        }

        protected override bool IsDocumented(Exception e) => e is EndpointFormatException;
    }
}
