using System;
using System.Management.Automation;
using System.Threading;
using LoopbackTools.Inventory;
using LoopbackTools.Sockets;
using LoopbackTools.Errors;

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
            var snapshot = Query(cmdlet, EndpointInventory.ForCurrentPlatform(), query, token);
            if (snapshot == null)
            {
                return null;
            }

            cmdlet.WriteVerbose($"Read {snapshot.Endpoints.Count} endpoints from {snapshot.Source}.");
            foreach (var warning in snapshot.Warnings)
            {
                cmdlet.WriteWarning(TerminalText.Escape(warning));
            }

            return snapshot;
        }

        /// <summary>
        /// Runs a core analysis that reads the socket table itself (once or more): its warnings written once, the
        /// source named in -Verbose; null on Ctrl+C, and a terminating SocketTableUnavailable error record when no
        /// source can read the table.
        /// </summary>
        public static TableAnalysis<T>? Analyze<T>(
            PSCmdlet cmdlet, Func<EndpointInventory, CancellationToken, TableAnalysis<T>> analysis, CancellationToken token)
        {
            TableAnalysis<T> result;
            try
            {
                result = analysis(EndpointInventory.ForCurrentPlatform(), token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketTableUnavailableException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.SocketTableUnavailable, null, e.Message, e));
                return null;
            }

            cmdlet.WriteVerbose($"Read the socket table from {result.Source}: {result.Results.Count} results.");
            foreach (var warning in result.Warnings)
            {
                cmdlet.WriteWarning(TerminalText.Escape(warning));
            }

            return result;
        }

        /// <summary>
        /// One query on a given inventory (a watch keeps one for all its polls), warnings left to the caller: null on
        /// Ctrl+C, and a terminating SocketTableUnavailable error record when no source can read the table.
        /// </summary>
        public static EndpointSnapshot? Query(PSCmdlet cmdlet, EndpointInventory inventory, EndpointQuery query, CancellationToken token)
        {
            try
            {
                return inventory.Query(query, token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketTableUnavailableException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(ErrorCatalogue.SocketTableUnavailable, null, e.Message, e));
                return null;
            }
        }
    }
}
