using System.Management.Automation;
using LoopbackTools.PortLookup;

namespace LoopbackTools.Commands
{
    /// <summary>The stable ErrorIds for endpoint and address strings users type.</summary>
    internal static class EndpointParseErrors
    {
        public static string ErrorIdOf(EndpointParseError error) => error switch
        {
            EndpointParseError.PortOutOfRange => "PortOutOfRange",
            EndpointParseError.InvalidAddress => "InvalidAddress",
            EndpointParseError.UnsupportedHost => "UnsupportedHost",
            _ => "InvalidEndpoint",
        };

        public static ErrorRecord ToErrorRecord(EndpointFormatException e) =>
            ErrorRecords.Create(ErrorIdOf(e.Error), ErrorCategory.InvalidArgument, e.Input, e.Message, e);
    }
}
