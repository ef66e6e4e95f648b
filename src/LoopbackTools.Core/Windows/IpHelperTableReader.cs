using System.Globalization;
using System.Threading;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// One call of GetExtendedTcpTable/GetExtendedUdpTable with everything but the buffer fixed:
    /// fills <paramref name="buffer"/>, sets <paramref name="size"/> to the size needed when it is too small,
    /// and returns a Win32 error code.
    /// </summary>
    internal delegate uint NativeTableCall(byte[] buffer, ref uint size);

    /// <summary>
    /// The size-then-read loop for IP Helper tables, apart from the native call so it can be tested anywhere.
    /// <list type="bullet">
    /// <item>Sockets open and close between the call that reports the size and the call that fills the buffer, so
    /// ERROR_INSUFFICIENT_BUFFER can come back more than once: grow to the new size plus headroom and try again, a
    /// bounded number of times.</item>
    /// <item>Under connection churn the functions also return STATUS_UNSUCCESSFUL (0xC0000001), an NTSTATUS passed
    /// through undocumented. The GetTcpTable documentation says calling again usually clears it; psutil retries on it
    /// (giampaolo/psutil#1294, #1335), and so does this loop, a few times, before giving the source up.</item>
    /// <item>ERROR_NO_DATA (232) means there is no table to give (no interfaces); dotnet/runtime's IPGlobalProperties
    /// reads it as an empty table, and so does this loop, instead of losing every owner to the managed fallback.</item>
    /// </list>
    /// </summary>
    internal static class IpHelperTableReader
    {
        public const uint NoError = WinError.ERROR_SUCCESS;
        public const uint ErrorNotSupported = WinError.ERROR_NOT_SUPPORTED;
        public const uint ErrorInsufficientBuffer = WinError.ERROR_INSUFFICIENT_BUFFER;
        public const uint ErrorNoData = WinError.ERROR_NO_DATA;
        public const uint StatusUnsuccessful = WinError.STATUS_UNSUCCESSFUL;

        public const int DefaultMaxAttempts = 5;

        /// <summary>Calls after the first that may answer STATUS_UNSUCCESSFUL before the source is given up.</summary>
        public const int DefaultMaxTransientRetries = 3;

        /// <summary>Enough for ~680 IPv4 TCP rows, so a quiet machine needs one call.</summary>
        public const int DefaultInitialSize = 16 * 1024;

        /// <summary>A size above this is taken as a fault, not a table: 1M IPv6 TCP rows is 56 MB.</summary>
        public const int MaxTableSize = 256 * 1024 * 1024;

        /// <summary>
        /// Calls <paramref name="call"/> until it succeeds and returns the filled buffer (which may be longer than the
        /// table: the parser trusts dwNumEntries and checks it against the buffer); ERROR_NO_DATA returns a buffer whose
        /// dwNumEntries is 0. Throws <see cref="SocketTableUnavailableException"/> on any other error, on an absurd
        /// size, when the table is still growing after <paramref name="maxAttempts"/> calls, or when
        /// STATUS_UNSUCCESSFUL comes back more than <paramref name="maxTransientRetries"/> times in a row.
        /// </summary>
        public static byte[] Read(
            NativeTableCall call,
            string tableName,
            CancellationToken cancellationToken,
            int maxAttempts = DefaultMaxAttempts,
            int initialSize = DefaultInitialSize,
            int maxTransientRetries = DefaultMaxTransientRetries)
        {
            if (maxAttempts < 1 || initialSize < IpHelperTableParser.HeaderSize || maxTransientRetries < 0)
            {
                throw new System.ArgumentOutOfRangeException(
                    nameof(maxAttempts),
                    "At least one attempt, no negative retry count and a buffer that holds dwNumEntries are needed.");
            }

            var buffer = new byte[initialSize];
            int grown = 0;
            int transientInARow = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                uint size = (uint)buffer.Length;
                uint result = call(buffer, ref size);
                if (result == NoError)
                {
                    return buffer;
                }

                if (result == ErrorNoData)
                {
                    System.Array.Clear(buffer, 0, IpHelperTableParser.HeaderSize); // dwNumEntries = 0
                    return buffer;
                }

                if (result == StatusUnsuccessful)
                {
                    if (++transientInARow > maxTransientRetries)
                    {
                        throw new SocketTableUnavailableException(string.Format(
                            CultureInfo.InvariantCulture,
                            "{0} failed with STATUS_UNSUCCESSFUL (0xC0000001) on {1} calls in a row; this transient IP Helper failure "
                            + "under connection churn did not clear.",
                            tableName,
                            transientInARow));
                    }

                    continue;
                }

                transientInARow = 0;
                if (result != ErrorInsufficientBuffer)
                {
                    throw new SocketTableUnavailableException(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0} failed with Win32 error {1}: {2}",
                        tableName,
                        result,
                        new System.ComponentModel.Win32Exception(unchecked((int)result)).Message));
                }

                buffer = new byte[NextSize(size, buffer.Length, tableName)];
                if (++grown >= maxAttempts)
                {
                    throw new SocketTableUnavailableException(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: the table kept growing between the size query and the read; gave up after {1} attempts.",
                        tableName,
                        maxAttempts));
                }
            }
        }

        /// <summary>
        /// Wraps a call so that ERROR_NOT_SUPPORTED reads as a table of zero rows. Used for AF_INET6 only: a Windows
        /// with its IPv6 stack removed is expected to answer that way (defensive, not verified on a real machine),
        /// and no IPv6 is an empty table, not a broken source.
        /// </summary>
        public static NativeTableCall NotSupportedAsEmpty(NativeTableCall call) =>
            (byte[] buffer, ref uint size) =>
            {
                uint result = call(buffer, ref size);
                if (result != ErrorNotSupported)
                {
                    return result;
                }

                System.Array.Clear(buffer, 0, IpHelperTableParser.HeaderSize); // dwNumEntries = 0
                return NoError;
            };

        /// <summary>
        /// The reported size plus an eighth (at least 1 KiB) of headroom, so a table that grows by a few rows
        /// between two calls still fits. A report no larger than the buffer we passed is nonsense: double instead.
        /// </summary>
        internal static int NextSize(uint reported, int current, string tableName)
        {
            long wanted = reported > (uint)current ? reported : (long)current * 2;
            if (wanted > MaxTableSize)
            {
                throw new SocketTableUnavailableException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} asked for a {1}-byte buffer, more than the {2}-byte limit: refusing to allocate it.",
                    tableName,
                    wanted,
                    MaxTableSize));
            }

            return (int)System.Math.Min(MaxTableSize, wanted + System.Math.Max(wanted / 8, 1024));
        }
    }
}
