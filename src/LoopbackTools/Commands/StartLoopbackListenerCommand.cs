using System.Management.Automation;
using System.Net.Sockets;
using LoopbackTools.Listeners;
using LoopbackTools.Errors;

namespace LoopbackTools.Commands
{
    /// <summary>Starts an echo (or fixed-answer) server inside this session, on a loopback address only.</summary>
    [Cmdlet(VerbsLifecycle.Start, "LoopbackListener", SupportsShouldProcess = true)]
    [OutputType(typeof(LoopbackListener))]
    public sealed class StartLoopbackListenerCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "127.0.0.1";

        [Parameter]
        public TransportProtocol Protocol { get; set; } = TransportProtocol.Tcp;

        [Parameter]
        [ValidateNotNull]
        public string? Response { get; set; }

        protected override void ProcessRecord()
        {
            string target = $"{Protocol.ToString().ToUpperInvariant()} {EndpointText.Format(Address, Port)}";
            if (!ShouldProcess(target, "Start loopback listener"))
            {
                return;
            }

            try
            {
                var options = new ListenerOptions { Address = Address, Port = Port, Protocol = Protocol, Response = Response };
                WriteObject(LoopbackListenerRegistry.Start(options));
            }
            catch (ListenerAddressException e)
            {
                WriteError(ErrorRecords.Create(e.IsAddress ? ErrorCatalogue.ListenerAddressNotLoopback : ErrorCatalogue.InvalidListenerAddress,
                    Address, e.Message, e));
            }
            catch (PortInUseException e)
            {
                WriteError(ErrorRecords.Create(ErrorCatalogue.PortInUse, Port, e.Message, e));
            }
            catch (SocketException e)
            {
                var error = e.SocketErrorCode == SocketError.AccessDenied ? ErrorCatalogue.ListenerPortDenied : ErrorCatalogue.ListenerStartFailed;
                string message = $"{target} cannot be started: {e.Message} ({e.SocketErrorCode}).";
                WriteError(ErrorRecords.Create(error, target, message, e));
            }
        }
    }
}
