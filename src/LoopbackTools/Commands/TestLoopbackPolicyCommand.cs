using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>Checks that policy files parse and validate, without reading the socket table.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LoopbackPolicy", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(bool))]
    public sealed class TestLoopbackPolicyCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        // Get-ChildItem output binds here by its PSPath, so a file named 'a[1].psd1' is not taken for a pattern.
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        // Like Test-Json: $true or $false per file, and for $false the reason as a (non-terminating) error, so one
        // bad file in a batch never stops the others from being checked.
        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (var path in literal ? LiteralPath! : Path!)
            {
                var files = PolicyFileReader.Resolve(this, path, literal, out var notFound);
                if (notFound != null)
                {
                    WriteError(notFound);
                    WriteObject(false);
                    continue;
                }

                foreach (var file in files)
                {
                    var policy = PolicyFileReader.TryRead(file, out var error);
                    if (error != null)
                    {
                        WriteError(error);
                        WriteObject(false);
                        continue;
                    }

                    WriteVerbose($"Policy '{TerminalText.Escape(policy!.Path)}' is valid: {policy.Listeners.Count} listener entries.");
                    WriteObject(true);
                }
            }
        }
    }
}
