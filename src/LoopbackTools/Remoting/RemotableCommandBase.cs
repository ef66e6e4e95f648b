using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// The -Session, -ThrottleLimit and -CopyModule parameters of the read and audit cmdlets, declared once, and the
    /// calls a cmdlet makes so that with -Session it runs on the sessions' hosts instead of here (<see cref="RemoteRun"/>).
    /// Each cmdlet keeps its own code for this computer; at the top of each step it asks whether the step went remote.
    /// </summary>
    public abstract class RemotableCommandBase : PSCmdlet
    {
        [Parameter]
        [AllowEmptyCollection]
        public PSSession[]? Session { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ThrottleLimit { get; set; } = RemoteRun.DefaultThrottleLimit;

        [Parameter]
        public SwitchParameter CopyModule { get; set; }

        private protected RemoteRun? Remote { get; private set; }

        /// <summary>
        /// In BeginProcessing of a cmdlet that takes pipeline input, before anything is read here: true when -Session was
        /// given, so the cmdlet's own steps are skipped and <see cref="RemoteRecord"/>, <see cref="RemoteEnd"/> take over.
        /// </summary>
        private protected bool RemoteBegin(RemoteOptions? options = null)
        {
            Remote ??= RemoteRun.Begin(this, Session, ThrottleLimit, CopyModule.IsPresent, options ?? RemoteOptions.None);
            return Remote != null;
        }

        /// <summary>In ProcessRecord: true when the record was kept for the hosts.</summary>
        private protected bool RemoteRecord()
        {
            Remote?.Record();
            return Remote != null;
        }

        /// <summary>
        /// In EndProcessing: true when the command ran on the hosts (and is done). A cmdlet without pipeline input may
        /// call only this: its bound parameters are the command line's.
        /// </summary>
        private protected bool RemoteEnd(RemoteOptions? options = null, LoopbackTools.Policy.LoopbackPolicy? policy = null)
        {
            if (!RemoteBegin(options))
            {
                return false;
            }

            Remote!.End(policy);
            return true;
        }

        /// <summary>Ctrl+C: stops every host. A cmdlet with its own StopProcessing calls this too.</summary>
        protected override void StopProcessing() => Remote?.Stop();
    }
}
