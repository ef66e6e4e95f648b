using System.Management.Automation;
using LoopbackTools.Listeners;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Closes loopback listeners and their connections; the port is free again when it returns.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "LoopbackListener", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        DefaultParameterSetName = InputObjectSet)]
    public sealed class StopLoopbackListenerCommand : PSCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string IdSet = "Id";
        private const string AllSet = "All";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public LoopbackListener[] InputObject { get; set; } = new LoopbackListener[0];

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(ListenerIdCompleter))]
        public int[] Id { get; set; } = new int[0];

        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case AllSet:
                    foreach (var listener in LoopbackListenerRegistry.List())
                    {
                        Stop(listener);
                    }

                    break;
                case IdSet:
                    foreach (int id in Id)
                    {
                        var listener = LoopbackListenerRegistry.Find(id);
                        if (listener == null)
                        {
                            WriteError(ErrorRecords.Create(ErrorCatalogue.ListenerNotFound, id, $"No running loopback listener has Id {id}."));
                        }
                        else
                        {
                            Stop(listener);
                        }
                    }

                    break;
                default:
                    foreach (var listener in InputObject)
                    {
                        if (listener.IsRunning)
                        {
                            Stop(listener);
                        }
                        else
                        {
                            WriteVerbose($"Listener {listener.Id} ({listener}) is already stopped.");
                        }
                    }

                    break;
            }
        }

        private void Stop(LoopbackListener listener)
        {
            if (ShouldProcess($"{listener.Protocol.ToString().ToUpperInvariant()} {EndpointText.Format(listener.Address, listener.Port)} (Id "
                + $"{listener.Id})", "Stop loopback listener"))
            {
                LoopbackListenerRegistry.Stop(listener.Id);
            }
        }
    }
}
