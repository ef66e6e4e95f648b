using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace LoopbackTools.Listeners
{
    /// <summary>A running listener: its bound socket, its background loop, and the model object users hold.</summary>
    internal abstract class ListenerHost
    {
        // Stop waits this long for the background loop to see its socket closed; the loop never blocks on anything else.
        private static readonly TimeSpan LoopExitWait = TimeSpan.FromSeconds(2);

        private Task? _loop;

        protected ListenerHost(LoopbackListener info, Socket socket, byte[]? response)
        {
            Info = info;
            Socket = socket;
            Response = response;
        }

        public LoopbackListener Info { get; }

        protected Socket Socket { get; }

        /// <summary>The fixed answer's bytes; null to echo.</summary>
        protected byte[]? Response { get; }

        protected bool Stopping => !Info.IsRunning;

        public void Start() => _loop = Task.Run(RunAsync);

        /// <summary>Closes the socket and every connection; the port is free again when this returns.</summary>
        public void Stop()
        {
            if (!Info.MarkStopped())
            {
                return;
            }

            Socket.Dispose();
            CloseConnections();
            _loop?.Wait(LoopExitWait);
        }

        protected abstract Task RunAsync();

        protected virtual void CloseConnections()
        {
        }
    }
}
