namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>An input that broke a rule, kept as a file: what broke (error, slow, crash, hang) and how.</summary>
    internal sealed class Finding
    {
        public string Kind { get; set; } = string.Empty;

        public string File { get; set; } = string.Empty;

        public string Problem { get; set; } = string.Empty;

        public string Origin { get; set; } = string.Empty;
    }
}
