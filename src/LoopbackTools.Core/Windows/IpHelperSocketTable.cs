using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// The Windows source: IP Helper's extended TCP and UDP tables, which carry the owning PID of every row, for
    /// IPv4 and IPv6. Native calls go through <see cref="IpHlpApi"/>, the retry loop through
    /// <see cref="IpHelperTableReader"/>, the bytes through <see cref="IpHelperTableParser"/>.
    /// </summary>
    internal sealed class IpHelperSocketTable : ISocketTable
    {
        public string Name => "IP Helper";

        public bool CanResolveOwners => true;

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            if (!Platform.IsWindows)
            {
                throw new SocketTableUnavailableException("IP Helper (iphlpapi.dll) exists only on Windows.");
            }

            var all = new List<SocketRecord>();
            try
            {
                if (request.IncludeTcp && request.IncludeIPv4)
                {
                    var table = ReadTcp(IpHlpApi.AF_INET, "GetExtendedTcpTable(AF_INET)", cancellationToken);
                    var readAt = DateTime.UtcNow;
                    all.AddRange(Stamped(IpHelperTableParser.ParseTcp4(table, table.Length), readAt));
                }

                if (request.IncludeTcp && request.IncludeIPv6)
                {
                    var table = ReadTcp(IpHlpApi.AF_INET6, "GetExtendedTcpTable(AF_INET6)", cancellationToken);
                    var readAt = DateTime.UtcNow;
                    all.AddRange(Stamped(IpHelperTableParser.ParseTcp6(table, table.Length), readAt));
                }

                if (request.IncludeUdp && request.IncludeIPv4)
                {
                    var table = ReadUdp(IpHlpApi.AF_INET, "GetExtendedUdpTable(AF_INET)", cancellationToken);
                    var readAt = DateTime.UtcNow;
                    all.AddRange(Stamped(IpHelperTableParser.ParseUdp4(table, table.Length), readAt));
                }

                if (request.IncludeUdp && request.IncludeIPv6)
                {
                    var table = ReadUdp(IpHlpApi.AF_INET6, "GetExtendedUdpTable(AF_INET6)", cancellationToken);
                    var readAt = DateTime.UtcNow;
                    all.AddRange(Stamped(IpHelperTableParser.ParseUdp6(table, table.Length), readAt));
                }
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                throw new SocketTableUnavailableException("iphlpapi.dll GetExtendedTcpTable/GetExtendedUdpTable is not available: " + e.Message, e);
            }
            catch (InvalidDataException e)
            {
                // A table that does not fit its own header is a fault of this source; let the inventory fall back.
                throw new SocketTableUnavailableException(e.Message, e);
            }

            return all;
        }

        /// <summary>
        /// Marks every row with the moment its table was read, taken right after the call returned: whatever process
        /// held a row's socket then had started by then, so a process found under that PID later with a later start
        /// time is another one (the holder exited and Windows reused its PID).
        /// </summary>
        private static List<SocketRecord> Stamped(List<SocketRecord> rows, DateTime readAtUtc)
        {
            foreach (var row in rows)
            {
                row.ReadAtUtc = readAtUtc;
            }

            return rows;
        }

        private static byte[] ReadTcp(uint family, string name, CancellationToken cancellationToken) =>
            ReadOrEmpty(
                (byte[] buffer, ref uint size) => IpHlpApi.GetExtendedTcpTable(buffer, ref size, false, family, IpHlpApi.TCP_TABLE_OWNER_PID_ALL, 0),
                family,
                name,
                cancellationToken);

        private static byte[] ReadUdp(uint family, string name, CancellationToken cancellationToken) =>
            ReadOrEmpty(
                (byte[] buffer, ref uint size) => IpHlpApi.GetExtendedUdpTable(buffer, ref size, false, family, IpHlpApi.UDP_TABLE_OWNER_PID, 0),
                family,
                name,
                cancellationToken);

        private static byte[] ReadOrEmpty(NativeTableCall call, uint family, string name, CancellationToken cancellationToken) =>
            IpHelperTableReader.Read(
                family == IpHlpApi.AF_INET6 ? IpHelperTableReader.NotSupportedAsEmpty(call) : call,
                name,
                cancellationToken);
    }
}
