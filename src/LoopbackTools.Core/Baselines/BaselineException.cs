using System;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// A baseline that cannot be compared with: a file that does not read in its format (BaselineUnreadable), or a
    /// row that is not an endpoint (InvalidBaselineEntry, with the row). The cmdlet stops rather than compare half
    /// a baseline.
    /// </summary>
    internal sealed class BaselineException : LoopbackToolsException
    {
        public BaselineException(ErrorDefinition error, object? target, string message, Exception? inner = null)
            : base(error, target, message, inner)
        {
        }

        /// <summary>The row at fault, when there is one; the cmdlet shows it as the error's target.</summary>
        public BaselineRow? Row { get; set; }
    }
}
