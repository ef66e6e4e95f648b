using System;

namespace LoopbackTools.PortLookup
{
    /// <summary>An endpoint string that cannot be read, with the reason as a value the cmdlet can map to an ErrorId.</summary>
    public sealed class EndpointFormatException : FormatException
    {
        public EndpointFormatException(EndpointParseError error, string input, string message)
            : base(message)
        {
            Error = error;
            Input = input;
        }

        public EndpointParseError Error { get; }

        public string Input { get; }
    }
}
