using System.Globalization;
using System.Threading;
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
    /// Sockets open and close between the call that reports the size and the call that fills the buffer, so
    /// ERROR_INSUFFICIENT_BUFFER can come back more than once: grow to the new size plus headroom and try again,
    /// a bounded number of times.
    /// </summary>
    internal static class IpHelperTableReader
    {
        public const uint NoError = 0;
        public const uint ErrorNotSupported = 50;
        public const uint ErrorInsufficientBuffer = 122;

        public const int DefaultMaxAttempts = 5;

        /// <summary>Enough for ~680 IPv4 TCP rows, so a quiet machine needs one call.</summary>
        public const int DefaultInitialSize = 16 * 1024;

        /// <summary>A size above this is taken as a fault, not a table: 1M IPv6 TCP rows is 56 MB.</summary>
        public const int MaxTableSize = 256 * 1024 * 1024;

        /// <summary>
        /// Calls <paramref name="call"/> until it succeeds and returns the filled buffer (which may be longer than the
        /// table: the parser trusts dwNumEntries and checks it against the buffer). Throws
        /// <see cref="SocketTableUnavailableException"/> on any other error, on an absurd size, or when the table
        /// is still growing after <paramref name="maxAttempts"/> calls.
        /// </summary>
        public static byte[] Read(
            NativeTableCall call,
            string tableName,
            CancellationToken cancellationToken,
            int maxAttempts = DefaultMaxAttempts,
            int initialSize = DefaultInitialSize)
        {
            if (maxAttempts < 1 || initialSize < IpHelperTableParser.HeaderSize)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxAttempts), "At least one attempt and a buffer that holds dwNumEntries are needed.");
            }

            var buffer = new byte[initialSize];
            for (int attempt = 1; attempt <= maxAttempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                uint size = (uint)buffer.Length;
                uint result = call(buffer, ref size);
                if (result == NoError)
                {
                    return buffer;
                }

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
            }

            throw new SocketTableUnavailableException(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: the table kept growing between the size query and the read; gave up after {1} attempts.",
                tableName,
                maxAttempts));
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
