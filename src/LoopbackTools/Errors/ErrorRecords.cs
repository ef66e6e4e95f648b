using System;
using System.Management.Automation;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The one place error records are made, so every cmdlet reports failures the same way: the ErrorId and category
    /// of a catalogue entry (<see cref="ErrorCatalogue"/>), the offending value as target, and a message that is one
    /// paragraph for the user (an exception's Message, never its ToString with a stack trace). Messages quote names,
    /// paths and values that other users or input files chose: their control characters are escaped here, for every
    /// error at once, because the console prints an error's message as it is.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(ErrorDefinition error, object? target, string message, Exception? inner = null)
        {
            message = TerminalText.Escape(message) ?? string.Empty;
            var category = CategoryOf(error.Kind);
            var exception = category switch
            {
                ErrorCategory.InvalidArgument => new ArgumentException(message, inner),
                ErrorCategory.PermissionDenied => new UnauthorizedAccessException(message, inner),
                ErrorCategory.ObjectNotFound => new ItemNotFoundException(message, inner),
                _ => new InvalidOperationException(message, inner) as Exception,
            };

            return new ErrorRecord(exception, error.Id, category, target);
        }

        /// <summary>A core failure as its error record: its catalogue entry, its target, its message.</summary>
        public static ErrorRecord From(LoopbackToolsException e) => Create(e.Error, e.Target, e.Message, e);

        /// <summary>The core's kinds share ErrorCategory's names and numbers (the core cannot reference PowerShell).</summary>
        public static ErrorCategory CategoryOf(ErrorKind kind) => (ErrorCategory)(int)kind;
    }
}
