using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>Checks that a policy file parses and validates, without reading the socket table.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LoopbackPolicy")]
    [OutputType(typeof(bool))]
    public sealed class TestLoopbackPolicyCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        // Like Test-Json: $true or $false per file, and for $false the reason as a (non-terminating) error.
        protected override void ProcessRecord()
        {
            foreach (var path in Path!)
            {
                var policy = PolicyFileReader.TryRead(this, path, out var error);
                if (error != null)
                {
                    WriteError(error);
                    WriteObject(false);
                    continue;
                }

                WriteVerbose($"Policy '{policy!.Path}' is valid: {policy.Listeners.Count} listener entries.");
                WriteObject(true);
            }
        }
    }
}
