namespace LoopbackTools.Probing
{
    /// <summary>
    /// What Test-LocalPort says about a port that answers on one family only: a warning when clients are turned away,
    /// else a verbose note.
    /// </summary>
    internal sealed class FamilySplitNote
    {
        public FamilySplitNote(string message, ConflictSeverity severity)
        {
            Message = message;
            Severity = severity;
        }

        public string Message { get; }

        /// <summary>The severity Find-PortConflict gives the same situation (LocalhostMismatch).</summary>
        public ConflictSeverity Severity { get; }

        public bool IsWarning => Severity != ConflictSeverity.Info;
    }
}
