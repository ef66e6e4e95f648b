namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>What one input did: nothing wrong (Problem null), or what was wrong, and how long the parser took.</summary>
    internal readonly struct Outcome
    {
        public Outcome(string? problem, double seconds)
        {
            Problem = problem;
            Seconds = seconds;
        }

        /// <summary>Null when the parser returned or threw one of its documented errors, with all its checks met.</summary>
        public string? Problem { get; }

        public double Seconds { get; }
    }
}
