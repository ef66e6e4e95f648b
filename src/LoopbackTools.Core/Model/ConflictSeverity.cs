namespace LoopbackTools
{
    /// <summary>How badly a conflict gets in the way; ordered worst first so sorting by it puts errors on top.</summary>
    public enum ConflictSeverity
    {
        /// <summary>The bind (or the client's connection) will fail.</summary>
        Error,

        /// <summary>It may fail, or traffic may reach a different process than intended.</summary>
        Warning,

        /// <summary>Worth knowing; usually intended.</summary>
        Info,
    }
}
