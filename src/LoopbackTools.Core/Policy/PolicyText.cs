namespace LoopbackTools.Policy
{
    /// <summary>
    /// Text from a policy file quoted in a message: control characters escaped (the file may come from anyone) and
    /// cut to a line, so a 1 MB string in a policy still gives a one-paragraph error.
    /// </summary>
    internal static class PolicyText
    {
        public const int MaxQuoted = 60;

        public static string Quote(string text) => TerminalText.Quote(text, MaxQuoted);
    }
}
