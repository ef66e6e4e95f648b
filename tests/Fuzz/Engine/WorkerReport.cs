using System.Collections.Generic;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>What a worker sends its parent: one JSON line.</summary>
    internal sealed class WorkerReport
    {
        public string Target { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public int Inputs { get; set; }

        public int CorpusFiles { get; set; }

        public double WorstSecondsPerMb { get; set; }

        public List<Finding> Findings { get; set; } = new List<Finding>();
    }
}
