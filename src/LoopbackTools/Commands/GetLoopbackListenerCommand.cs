using System.Management.Automation;
using LoopbackTools.Listeners;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Lists the loopback listeners this session started and that are still running.</summary>
    [Cmdlet(VerbsCommon.Get, "LoopbackListener")]
    [OutputType(typeof(LoopbackListener))]
    public sealed class GetLoopbackListenerCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ListenerIdCompleter))]
        public int[]? Id { get; set; }

        protected override void ProcessRecord()
        {
            if (Id == null)
            {
                foreach (var listener in LoopbackListenerRegistry.List())
                {
                    WriteObject(listener);
                }

                return;
            }

            foreach (int id in Id)
            {
                var listener = LoopbackListenerRegistry.Find(id);
                if (listener != null)
                {
                    WriteObject(listener);
                }
                else
                {
                    WriteError(ErrorRecords.Create(ErrorCatalogue.ListenerNotFound, id, $"No running loopback listener has Id {id}."));
                }
            }
        }
    }
}
