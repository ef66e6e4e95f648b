using System;

namespace LoopbackTools.Commands
{
    /// <summary>A baseline row that cannot be read as an endpoint; the cmdlet stops rather than compare half a baseline.</summary>
    internal sealed class BaselineFormatException : Exception
    {
        public BaselineFormatException(string message)
            : base(message)
        {
        }
    }
}
