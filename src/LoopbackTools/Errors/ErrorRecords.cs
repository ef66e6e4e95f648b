using System;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The one place error records are made, so every cmdlet reports bad input the same way: a stable ErrorId
    /// scripts can match on, the right category, and the offending value as target.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null)
        {
            var exception = category switch
            {
                ErrorCategory.InvalidArgument => new ArgumentException(message, inner),
                ErrorCategory.PermissionDenied => new UnauthorizedAccessException(message, inner),
                ErrorCategory.ObjectNotFound => new ItemNotFoundException(message, inner),
                _ => new InvalidOperationException(message, inner) as Exception,
            };

            return new ErrorRecord(exception, errorId, category, target);
        }
    }
}
