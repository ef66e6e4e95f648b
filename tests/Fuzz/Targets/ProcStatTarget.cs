using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Linux;

namespace LoopbackTools.Fuzz
{
    /// <summary>/proc/&lt;pid&gt;/stat and /proc/stat (ProcStat, ProcessInfoReader): a field that does not read is unknown, never a throw.</summary>
    internal sealed class ProcStatTarget : InProcessTarget
    {
        public override string Name => "procstat";

        public override string Description => "/proc/<pid>/stat start time, /proc/stat btime";

        protected override void Run(byte[] data, string extension)
        {
            string text = Text(data);
            var boot = ProcessInfoReader.ParseBootTime(text);
            ulong? ticks = ProcStat.TryParse(data, data.Length, out var stat) ? stat.StartTicks : (ulong?)null;
            ProcessInfoReader.StartTime(boot, ticks, 100);
            ProcessInfoReader.StartTime(new System.DateTime(2026, 1, 1, 0, 0, 0, System.DateTimeKind.Utc), ticks, 1);
        }
    }
}
