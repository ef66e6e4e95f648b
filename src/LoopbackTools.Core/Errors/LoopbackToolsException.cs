using System;

namespace LoopbackTools.Errors
{
    /// <summary>
    /// A failure the user can act on, carrying the catalogue entry that becomes its ErrorId and category and the
    /// offending value that becomes the error record's target. Messages are complete sentences for the user; they
    /// quote untrusted text only through <see cref="TerminalText"/>.
    /// </summary>
    internal class LoopbackToolsException : Exception
    {
        public LoopbackToolsException(ErrorDefinition error, object? target, string message, Exception? inner = null)
            : base(message, inner)
        {
            Error = error;
            Target = target;
        }

        public ErrorDefinition Error { get; }

        /// <summary>The value that was wrong (a path, a port, a name); null when the failure has none.</summary>
        public object? Target { get; }
    }
}
