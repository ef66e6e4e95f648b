namespace LoopbackTools.Errors
{
    /// <summary>
    /// The category of an error, numbered exactly as System.Management.Automation.ErrorCategory so the cmdlet layer
    /// converts with a cast. The core may not reference System.Management.Automation; a test checks the numbers agree.
    /// </summary>
    internal enum ErrorKind
    {
        NotSpecified = 0,
        InvalidArgument = 5,
        InvalidData = 6,
        InvalidOperation = 7,
        NotInstalled = 12,
        ObjectNotFound = 13,
        OperationStopped = 14,
        OperationTimeout = 15,
        ParserError = 17,
        PermissionDenied = 18,
        ResourceUnavailable = 21,
        ReadError = 22,
        ConnectionError = 27,
        LimitsExceeded = 29,
    }
}
