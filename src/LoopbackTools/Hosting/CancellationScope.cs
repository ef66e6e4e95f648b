using System.Threading;

namespace LoopbackTools.Commands
{
    /// <summary>Turns StopProcessing (Ctrl+C) into a token the core checks between units of work.</summary>
    internal sealed class CancellationScope
    {
        private readonly CancellationTokenSource _source = new CancellationTokenSource();

        public CancellationToken Token => _source.Token;

        public void Cancel() => _source.Cancel();
    }
}
