using System.Collections.Generic;
using System.Reflection;

namespace LoopbackTools.Errors
{
    /// <summary>
    /// Every ErrorId the module reports, with its category and meaning, in one place. Cmdlets and the core name an
    /// entry here instead of writing the id as a literal; about_LoopbackTools lists the same entries (a test compares
    /// them). Ids are public contract: scripts match on them, so an entry is never renamed once released.
    /// </summary>
    internal static class ErrorCatalogue
    {
        // The socket table
        public static readonly ErrorDefinition SocketTableUnavailable = new ErrorDefinition(
            "SocketTableUnavailable", ErrorKind.ResourceUnavailable,
            "No source can read this machine's socket table (netlink, /proc/net, IP Helper and the managed table all failed).");

        // Endpoint and address text (Get-PortInfo, Find-PortConflict -Address)
        public static readonly ErrorDefinition InvalidEndpoint = new ErrorDefinition(
            "InvalidEndpoint", ErrorKind.InvalidArgument,
            "The text is not a port, address:port, [IPv6]:port or localhost:port.");

        public static readonly ErrorDefinition InvalidAddress = new ErrorDefinition(
            "InvalidAddress", ErrorKind.InvalidArgument,
            "The text looks like an IP address but is not one (300.1.1.1, 1.2.3).");

        public static readonly ErrorDefinition PortOutOfRange = new ErrorDefinition(
            "PortOutOfRange", ErrorKind.InvalidArgument,
            "A port is not a whole number from 1 to 65535.");

        public static readonly ErrorDefinition UnsupportedHost = new ErrorDefinition(
            "UnsupportedHost", ErrorKind.InvalidArgument,
            "A host name other than localhost where a local address is expected; names are not resolved.");

        public static readonly ErrorDefinition AddressNotLocal = new ErrorDefinition(
            "AddressNotLocal", ErrorKind.InvalidArgument,
            "An address that is not this machine's (not loopback, not a wildcard, not on any of its interfaces): "
            + "nothing here can listen on it.");

        // Filters (Get-LoopbackEndpoint, Watch-LoopbackEndpoint, Find-PortConflict, Get-PortInfo)
        public static readonly ErrorDefinition EmptyFilter = new ErrorDefinition(
            "EmptyFilter", ErrorKind.InvalidArgument,
            "A filter was given no value (an empty list, $null, a piped property that is empty); "
            + "it selects nothing, never everything.");

        public static readonly ErrorDefinition InvalidProcessNamePattern = new ErrorDefinition(
            "InvalidProcessNamePattern", ErrorKind.InvalidArgument,
            "A -ProcessName pattern is empty or malformed (a '[' without its ']').");

        // Probing (Test-LocalPort)
        public static readonly ErrorDefinition ComputerNameNotLocal = new ErrorDefinition(
            "ComputerNameNotLocal", ErrorKind.InvalidArgument,
            "-ComputerName is not this machine (not loopback, not its name, not one of its addresses): nothing is probed.");

        public static readonly ErrorDefinition ProbeFailed = new ErrorDefinition(
            "ProbeFailed", ErrorKind.NotSpecified,
            "The probe itself failed (the OS refused to create or poll sockets), so no port could be tested.");

        public static readonly ErrorDefinition WaitTimedOut = new ErrorDefinition(
            "WaitTimedOut", ErrorKind.OperationTimeout,
            "Wait-LocalPort's -TimeoutSec passed before the port answered (or, with -Closed, stopped answering); "
            + "the message says what the last probe saw.");

        // Free ports (Get-FreeLocalPort)
        public static readonly ErrorDefinition InvalidPortRange = new ErrorDefinition(
            "InvalidPortRange", ErrorKind.InvalidArgument,
            "-Range is not low-high with 1 <= low <= high <= 65535.");

        public static readonly ErrorDefinition IPv6Unavailable = new ErrorDefinition(
            "IPv6Unavailable", ErrorKind.ResourceUnavailable,
            "IPv6 was asked for but this machine has no IPv6 loopback to bind on.");

        public static readonly ErrorDefinition NoFreePort = new ErrorDefinition(
            "NoFreePort", ErrorKind.ResourceUnavailable,
            "No port in the range is free on every address asked for.");

        public static readonly ErrorDefinition NotEnoughFreePorts = new ErrorDefinition(
            "NotEnoughFreePorts", ErrorKind.ResourceUnavailable,
            "Fewer free ports than -Count exist in the range; the ones found are returned.");

        // Loopback listeners (Start-, Get-, Stop-LoopbackListener)
        public static readonly ErrorDefinition InvalidListenerAddress = new ErrorDefinition(
            "InvalidListenerAddress", ErrorKind.InvalidArgument,
            "-Address is not an IP address.");

        public static readonly ErrorDefinition ListenerAddressNotLoopback = new ErrorDefinition(
            "ListenerAddressNotLoopback", ErrorKind.InvalidArgument,
            "-Address is an IP address but not a loopback one; listeners are started on loopback only.");

        public static readonly ErrorDefinition PortInUse = new ErrorDefinition(
            "PortInUse", ErrorKind.ResourceUnavailable,
            "The port is already in use on that address; the error names who holds it.");

        public static readonly ErrorDefinition ListenerPortDenied = new ErrorDefinition(
            "ListenerPortDenied", ErrorKind.PermissionDenied,
            "The OS refused the bind for lack of rights (a privileged port without root or CAP_NET_BIND_SERVICE).");

        public static readonly ErrorDefinition ListenerStartFailed = new ErrorDefinition(
            "ListenerStartFailed", ErrorKind.ResourceUnavailable,
            "The listener could not be started for another reason the OS gave (the message quotes it).");

        public static readonly ErrorDefinition ListenerNotFound = new ErrorDefinition(
            "ListenerNotFound", ErrorKind.ObjectNotFound,
            "No running loopback listener of this session has that Id.");

        // Watching (Watch-LoopbackEndpoint)
        public static readonly ErrorDefinition InvalidDuration = new ErrorDefinition(
            "InvalidDuration", ErrorKind.InvalidArgument,
            "-Duration or -Interval is zero or negative.");

        // Auditing (Invoke-LoopbackAudit)
        public static readonly ErrorDefinition UnknownAuditRule = new ErrorDefinition(
            "UnknownAuditRule", ErrorKind.InvalidArgument,
            "-Rule or -ExcludeRule names no rule of the catalogue, or is a wildcard that matches none.");

        public static readonly ErrorDefinition NoAuditRuleSelected = new ErrorDefinition(
            "NoAuditRuleSelected", ErrorKind.InvalidArgument,
            "-ExcludeRule removes every rule that -Rule chose, so the audit would run nothing.");

        public static readonly ErrorDefinition PolicyRequired = new ErrorDefinition(
            "PolicyRequired", ErrorKind.InvalidArgument,
            "The PolicyViolation rule was asked for (by name or wildcard) without -Policy.");

        public static readonly ErrorDefinition BaselineRequired = new ErrorDefinition(
            "BaselineRequired", ErrorKind.InvalidArgument,
            "The BaselineDrift rule was asked for (by name or wildcard) without -Baseline.");

        public static readonly ErrorDefinition AuditRuleFailed = new ErrorDefinition(
            "AuditRuleFailed", ErrorKind.InvalidOperation,
            "One audit rule failed; its findings are left out and the other rules' findings are returned.");

        // Policy files (Test-LoopbackPolicy, Invoke-LoopbackAudit -Policy)
        public static readonly ErrorDefinition PolicyNotFound = new ErrorDefinition(
            "PolicyNotFound", ErrorKind.ObjectNotFound,
            "The policy file does not exist.");

        public static readonly ErrorDefinition PolicyIsDirectory = new ErrorDefinition(
            "PolicyIsDirectory", ErrorKind.InvalidArgument,
            "The policy path names a directory, not a file (pipe Get-ChildItem to Test-LoopbackPolicy to check every file in it).");

        public static readonly ErrorDefinition PolicyPathAmbiguous = new ErrorDefinition(
            "PolicyPathAmbiguous", ErrorKind.InvalidArgument,
            "-Policy matches more than one file, or both -Policy and -LiteralPolicy are given; an audit reads one policy.");

        public static readonly ErrorDefinition PolicyUnsupportedFormat = new ErrorDefinition(
            "PolicyUnsupportedFormat", ErrorKind.InvalidArgument,
            "The policy file is neither .psd1 nor .json (the format follows the extension).");

        public static readonly ErrorDefinition PolicyUnreadable = new ErrorDefinition(
            "PolicyUnreadable", ErrorKind.ReadError,
            "The policy file exists but cannot be read (rights, I/O error).");

        public static readonly ErrorDefinition PolicySyntaxError = new ErrorDefinition(
            "PolicySyntaxError", ErrorKind.ParserError,
            "The policy file does not parse as PowerShell data or JSON.");

        public static readonly ErrorDefinition PolicyNotConstant = new ErrorDefinition(
            "PolicyNotConstant", ErrorKind.ParserError,
            "A .psd1 policy uses something other than constants (a command, a variable, a subexpression).");

        public static readonly ErrorDefinition PolicyDuplicateKey = new ErrorDefinition(
            "PolicyDuplicateKey", ErrorKind.ParserError,
            "The same key appears twice in one map of the policy.");

        public static readonly ErrorDefinition PolicyTooDeep = new ErrorDefinition(
            "PolicyTooDeep", ErrorKind.InvalidData,
            "The policy nests lists or maps deeper than the reader follows.");

        public static readonly ErrorDefinition PolicyTooLarge = new ErrorDefinition(
            "PolicyTooLarge", ErrorKind.LimitsExceeded,
            "The policy file is larger than a policy can sensibly be; it is refused before it is read.");

        public static readonly ErrorDefinition PolicyUnknownKey = new ErrorDefinition(
            "PolicyUnknownKey", ErrorKind.InvalidData,
            "A key the policy format does not have (usually a typo).");

        public static readonly ErrorDefinition PolicyMissingKey = new ErrorDefinition(
            "PolicyMissingKey", ErrorKind.InvalidData,
            "A required key is absent.");

        public static readonly ErrorDefinition PolicyInvalidValue = new ErrorDefinition(
            "PolicyInvalidValue", ErrorKind.InvalidData,
            "A value of the wrong shape (a list where a map belongs, a number where text belongs).");

        public static readonly ErrorDefinition PolicyInvalidPort = new ErrorDefinition(
            "PolicyInvalidPort", ErrorKind.InvalidData,
            "A port that is not a whole number from 1 to 65535.");

        public static readonly ErrorDefinition PolicyInvalidPortRange = new ErrorDefinition(
            "PolicyInvalidPortRange", ErrorKind.InvalidData,
            "A port range that is not low-high with low <= high.");

        public static readonly ErrorDefinition PolicyInvalidProtocol = new ErrorDefinition(
            "PolicyInvalidProtocol", ErrorKind.InvalidData,
            "A protocol other than Tcp or Udp.");

        public static readonly ErrorDefinition PolicyInvalidExposure = new ErrorDefinition(
            "PolicyInvalidExposure", ErrorKind.InvalidData,
            "An exposure other than LoopbackOnly, AllInterfaces or SpecificInterface.");

        public static readonly ErrorDefinition PolicyInvalidProcess = new ErrorDefinition(
            "PolicyInvalidProcess", ErrorKind.InvalidData,
            "An empty or malformed process name or path pattern.");

        // Baselines (Compare-LoopbackBaseline, Invoke-LoopbackAudit -Baseline)
        public static readonly ErrorDefinition BaselineNotFound = new ErrorDefinition(
            "BaselineNotFound", ErrorKind.ObjectNotFound,
            "The baseline file does not exist, is a directory, or no file matches the pattern.");

        public static readonly ErrorDefinition BaselineUnsupportedFormat = new ErrorDefinition(
            "BaselineUnsupportedFormat", ErrorKind.InvalidArgument,
            "The baseline file is not .csv, .json or .xml (CliXml).");

        public static readonly ErrorDefinition BaselineUnreadable = new ErrorDefinition(
            "BaselineUnreadable", ErrorKind.ReadError,
            "The baseline file cannot be read or does not parse in its format.");

        public static readonly ErrorDefinition InvalidBaselineEntry = new ErrorDefinition(
            "InvalidBaselineEntry", ErrorKind.InvalidData,
            "A baseline row cannot be read as an endpoint; the error names the row.");

        public static readonly ErrorDefinition BaselineEmpty = new ErrorDefinition(
            "BaselineEmpty", ErrorKind.InvalidData,
            "The baseline holds no rows, which would report every listener as Added; -AllowEmptyBaseline accepts it.");

        // Remote hosts (-Session)
        public static readonly ErrorDefinition RemoteHostUnavailable = new ErrorDefinition(
            "RemoteHostUnavailable", ErrorKind.ConnectionError,
            "A remote host cannot be reached through its session (transport broken, host down); the others still answer.");

        public static readonly ErrorDefinition ModuleNotOnRemoteHost = new ErrorDefinition(
            "ModuleNotOnRemoteHost", ErrorKind.NotInstalled,
            "LoopbackTools is not installed on a remote host; install it there or use -CopyModule.");

        public static readonly ErrorDefinition RemoteVersionMismatch = new ErrorDefinition(
            "RemoteVersionMismatch", ErrorKind.InvalidOperation,
            "A remote host has another version of LoopbackTools than this one; the message names both.");

        /// <summary>Every entry, in declaration order.</summary>
        public static IReadOnlyList<ErrorDefinition> All { get; } = Collect();

        private static IReadOnlyList<ErrorDefinition> Collect()
        {
            var all = new List<ErrorDefinition>();
            foreach (var field in typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetValue(null) is ErrorDefinition definition)
                {
                    all.Add(definition);
                }
            }

            return all;
        }
    }
}
