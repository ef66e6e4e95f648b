using System;
using System.Management.Automation;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// How every cmdlet reads the socket table: one inventory call, its warnings written once, the source named in
    /// -Verbose, an unreadable table turned into a terminating error record, and Ctrl+C into a quiet stop.
    /// </summary>
    internal static class EndpointReader
    {
        public static EndpointSnapshot? Read(PSCmdlet cmdlet, EndpointQuery query, CancellationToken token)
        {
            EndpointSnapshot snapshot;
            try
            {
                snapshot = EndpointInventory.ForCurrentPlatform().Query(query, token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketTableUnavailableException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create("SocketTableUnavailable", ErrorCategory.ResourceUnavailable, null, e.Message, e));
                return null;
            }

            cmdlet.WriteVerbose($"Read {snapshot.Endpoints.Count} endpoints from {snapshot.Source}.");
            foreach (var warning in snapshot.Warnings)
            {
                cmdlet.WriteWarning(warning);
            }

            return snapshot;
        }
    }
}
