using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Linux;
using LoopbackTools.Ranges;

namespace LoopbackTools.Fuzz
{
    /// <summary>/proc/&lt;pid&gt;/status (the Uid line, the CapEff line): never throws.</summary>
    internal sealed class ProcStatusTarget : InProcessTarget
    {
        public override string Name => "procstatus";

        public override string Description => "/proc/<pid>/status Uid and CapEff lines";

        protected override void Run(byte[] data, string extension)
        {
            string text = Text(data);
            ProcessInfoReader.TryParseUid(text, out _);
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith("CapEff:", System.StringComparison.Ordinal))
                {
                    PortEnvironment.ParseCapabilityHasBindService(line.Substring(7));
                }
            }
        }
    }
}
