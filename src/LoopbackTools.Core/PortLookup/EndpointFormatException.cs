using LoopbackTools.Errors;

namespace LoopbackTools.PortLookup
{
    /// <summary>An endpoint string that cannot be read: its catalogue entry says which ErrorId, the input is the target.</summary>
    internal sealed class EndpointFormatException : LoopbackToolsException
    {
        public EndpointFormatException(ErrorDefinition error, string input, string message)
            : base(error, input, message)
        {
            Input = input;
        }

        public string Input { get; }
    }
}
