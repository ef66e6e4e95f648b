using System;

namespace LoopbackTools.Listeners
{
    /// <summary>An address a listener may not use: not an IP address, or not a loopback one.</summary>
    internal sealed class ListenerAddressException : Exception
    {
        public ListenerAddressException(string address, bool isAddress, string message)
            : base(message)
        {
            Address = address;
            IsAddress = isAddress;
        }

        public string Address { get; }

        /// <summary>True when the text is an IP address, just not a loopback one.</summary>
        public bool IsAddress { get; }
    }
}
