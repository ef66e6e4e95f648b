using System;
using System.IO;
using System.Management.Automation;
using LoopbackTools.Policy;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Loads and validates a policy file for Invoke-LoopbackAudit and Test-LoopbackPolicy: .psd1 through PowerShell's
    /// parser, .json through the core reader, both checked by the core validator. Every failure comes back as one
    /// error record whose ErrorId names the problem and whose target is the file.
    /// </summary>
    internal static class PolicyFileReader
    {
        public static LoopbackPolicy? TryRead(PSCmdlet cmdlet, string path, out ErrorRecord? error)
        {
            error = null;
            string full;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException)
            {
                error = ErrorRecords.Create(ErrorCatalogue.PolicyNotFound, path, $"Policy file '{path}' cannot be found: {e.Message}", e);
                return null;
            }

            if (!File.Exists(full))
            {
                error = ErrorRecords.Create(ErrorCatalogue.PolicyNotFound, full, Directory.Exists(full)
                    ? $"'{full}' is a directory, not a policy file: give the path of a .psd1 or .json file."
                    : $"Policy file '{full}' does not exist.");
                return null;
            }

            string extension = Path.GetExtension(full).ToLowerInvariant();
            try
            {
                // Opened once first, so that missing rights read as PolicyUnreadable in our words, not as a parse error.
                using (File.OpenRead(full))
                {
                }

                PolicyNode root = extension switch
                {
                    ".psd1" => PolicyDataFileParser.Parse(full),
                    ".json" => PolicyJsonReader.Read(File.ReadAllText(full), full),
                    _ => throw new NotSupportedException($"Policy file '{full}' is neither .psd1 nor .json; the format follows the extension."),
                };
                return PolicyValidator.Validate(root, full);
            }
            catch (PolicyException e)
            {
                error = ErrorRecords.From(e);
            }
            catch (NotSupportedException e)
            {
                error = ErrorRecords.Create(ErrorCatalogue.PolicyUnsupportedFormat, full, e.Message, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = ErrorRecords.Create(ErrorCatalogue.PolicyUnreadable, full, $"Policy file '{full}' cannot be read: {e.Message}", e);
            }

            return null;
        }
    }
}
