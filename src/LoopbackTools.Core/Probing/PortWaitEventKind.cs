namespace LoopbackTools.Probing
{
    /// <summary>The kinds of <see cref="PortWaitEvent"/>.</summary>
    internal enum PortWaitEventKind
    {
        /// <summary>The port answers (or, with -Closed, no longer does).</summary>
        Met,

        /// <summary>The timeout passed first.</summary>
        TimedOut,

        /// <summary>A round ended with ports still awaited.</summary>
        Progress,

        /// <summary>Something worth a warning (an unreadable table, a split between IP families).</summary>
        Warning,
    }
}
