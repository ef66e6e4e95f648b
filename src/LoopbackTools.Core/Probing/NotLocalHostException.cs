using System;

namespace LoopbackTools.Probing
{
    /// <summary>A computer name or address that is not on this machine; nothing was sent anywhere.</summary>
    internal sealed class NotLocalHostException : Exception
    {
        public NotLocalHostException(string computerName, string message)
            : base(message)
        {
            ComputerName = computerName;
        }

        public string ComputerName { get; }
    }
}
