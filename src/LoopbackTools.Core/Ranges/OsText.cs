namespace LoopbackTools.Ranges
{
    /// <summary>Text an OS file or command printed, quoted in a warning: trimmed, control characters escaped, one line.</summary>
    internal static class OsText
    {
        public static string Shown(string text)
        {
            string trimmed = text.Trim();
            return TerminalText.Escape(trimmed.Length > 40 ? trimmed.Substring(0, 37) + "..." : trimmed)!;
        }
    }
}
