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

        /// <summary>
        /// An error a remote host's copy of a cmdlet wrote (-Session), as the caller sees it: the same ErrorId (a
        /// catalogue entry of that copy), category and target as the cmdlet gives here, so scripts match it alike, with
        /// the message prefixed by the host. The writing cmdlet adds its own type name to the id, as for local errors.
        /// </summary>
        public static ErrorRecord FromRemote(ErrorRecord remote, string host)
        {
            string id = remote.FullyQualifiedErrorId ?? "RemoteError";
            int comma = id.IndexOf(',');
            string errorId = comma > 0 ? id.Substring(0, comma) : id;
            var record = new ErrorRecord(remote.Exception, errorId, remote.CategoryInfo.Category, remote.TargetObject);
            string message = remote.ErrorDetails?.Message ?? remote.Exception?.Message ?? remote.ToString();
            record.ErrorDetails = new ErrorDetails(Prefixed(host, message));
            return record;
        }

        /// <summary>
        /// "host: message" for what a remote host wrote (errors, warnings, verbose lines). Both parts are escaped here:
        /// the host may run another version of the module, or the text may come from PowerShell itself over there.
        /// </summary>
        public static string Prefixed(string host, string message) => $"{TerminalText.Escape(host)}: {TerminalText.Escape(message)}";

        /// <summary>A core failure as its error record: its catalogue entry, its target, its message.</summary>
        public static ErrorRecord From(LoopbackToolsException e) => Create(e.Error, e.Target, e.Message, e);

        /// <summary>The core's kinds share ErrorCategory's names and numbers (the core cannot reference PowerShell).</summary>
        public static ErrorCategory CategoryOf(ErrorKind kind) => (ErrorCategory)(int)kind;
    }
}
