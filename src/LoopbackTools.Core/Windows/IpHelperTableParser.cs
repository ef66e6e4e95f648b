using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using LoopbackTools.Sockets;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// Pure parsing of the four IP Helper "owner PID" tables as GetExtendedTcpTable/GetExtendedUdpTable write them:
    /// a DWORD dwNumEntries, then that many fixed-size rows. No native calls here, so every layout rule is tested
    /// on any OS with hand-built buffers.
    /// </summary>
    /// <remarks>
    /// Layout facts (tcpmib.h / udpmib.h):
    /// <list type="bullet">
    /// <item>Every member of these four row types is a DWORD or a UCHAR[16], so rows are 4-byte aligned and a
    /// multiple of 4 long: the "padding may exist" warning in the docs only bites the *_OWNER_MODULE tables, which
    /// carry 8-byte members. The first row starts right after dwNumEntries, at offset 4.</item>
    /// <item>DWORDs are little-endian (every Windows architecture is).</item>
    /// <item>IPv4 addresses are an in_addr stored in a DWORD: the four bytes in memory are the address in order.</item>
    /// <item>Ports are in network byte order in the low 16 bits of their DWORD: memory bytes 0 and 1 are the port's
    /// high and low byte. Bytes 2 and 3 are not part of the port and are ignored.</item>
    /// <item>The remote end of a LISTEN row "has no meaning", so it is reported as the wildcard address, port 0.</item>
    /// <item>IPv6 scope ids are read in host order, although the MIB_*6ROW_OWNER_PID pages say network order: see
    /// <see cref="ReadScopeId"/> for why.</item>
    /// </list>
    /// </remarks>
    internal static class IpHelperTableParser
    {
        public const int HeaderSize = 4;

        /// <summary>MIB_TCPROW_OWNER_PID: dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid.</summary>
        public const int Tcp4RowSize = 24;

        /// <summary>MIB_TCP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, ucRemoteAddr[16], dwRemoteScopeId, dwRemotePort, dwState,
        /// dwOwningPid.</summary>
        public const int Tcp6RowSize = 56;

        /// <summary>MIB_UDPROW_OWNER_PID: dwLocalAddr, dwLocalPort, dwOwningPid.</summary>
        public const int Udp4RowSize = 12;

        /// <summary>MIB_UDP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, dwOwningPid.</summary>
        public const int Udp6RowSize = 28;

        /// <summary>Parses MIB_TCPTABLE_OWNER_PID from the first <paramref name="length"/> bytes of <paramref name="table"/>.</summary>
        public static List<SocketRecord> ParseTcp4(byte[] table, int length)
        {
            int count = RowCount(table, length, Tcp4RowSize, "MIB_TCPTABLE_OWNER_PID");
            var rows = new List<SocketRecord>(count);
            for (int i = 0; i < count; i++)
            {
                int row = HeaderSize + (i * Tcp4RowSize);
                var state = ToSocketState(ReadUInt32(table, row));
                bool listen = state == SocketState.Listen;
                rows.Add(new SocketRecord
                {
                    Protocol = TransportProtocol.Tcp,
                    Family = IPFamily.IPv4,
                    State = state,
                    LocalAddress = ReadIPv4(table, row + 4),
                    LocalPort = ReadPort(table, row + 8),
                    RemoteAddress = listen ? IPAddress.Any : ReadIPv4(table, row + 12),
                    RemotePort = listen ? 0 : ReadPort(table, row + 16),
                    OwnerProcessId = ReadPid(table, row + 20),
                });
            }

            return rows;
        }

        /// <summary>Parses MIB_TCP6TABLE_OWNER_PID from the first <paramref name="length"/> bytes of <paramref name="table"/>.</summary>
        public static List<SocketRecord> ParseTcp6(byte[] table, int length)
        {
            int count = RowCount(table, length, Tcp6RowSize, "MIB_TCP6TABLE_OWNER_PID");
            var rows = new List<SocketRecord>(count);
            for (int i = 0; i < count; i++)
            {
                int row = HeaderSize + (i * Tcp6RowSize);
                var state = ToSocketState(ReadUInt32(table, row + 48));
                bool listen = state == SocketState.Listen;
                rows.Add(new SocketRecord
                {
                    Protocol = TransportProtocol.Tcp,
                    Family = IPFamily.IPv6,
                    State = state,
                    LocalAddress = ReadIPv6(table, row, ReadScopeId(table, row + 16)),
                    LocalPort = ReadPort(table, row + 20),
                    RemoteAddress = listen ? IPAddress.IPv6Any : ReadIPv6(table, row + 24, ReadScopeId(table, row + 40)),
                    RemotePort = listen ? 0 : ReadPort(table, row + 44),
                    OwnerProcessId = ReadPid(table, row + 52),
                });
            }

            return rows;
        }

        /// <summary>Parses MIB_UDPTABLE_OWNER_PID. The table has no remote end, so every row is <see cref="SocketState.Bound"/>.</summary>
        public static List<SocketRecord> ParseUdp4(byte[] table, int length)
        {
            int count = RowCount(table, length, Udp4RowSize, "MIB_UDPTABLE_OWNER_PID");
            var rows = new List<SocketRecord>(count);
            for (int i = 0; i < count; i++)
            {
                int row = HeaderSize + (i * Udp4RowSize);
                rows.Add(new SocketRecord
                {
                    Protocol = TransportProtocol.Udp,
                    Family = IPFamily.IPv4,
                    State = SocketState.Bound,
                    LocalAddress = ReadIPv4(table, row),
                    LocalPort = ReadPort(table, row + 4),
                    RemoteAddress = IPAddress.Any,
                    OwnerProcessId = ReadPid(table, row + 8),
                });
            }

            return rows;
        }

        /// <summary>Parses MIB_UDP6TABLE_OWNER_PID. The table has no remote end, so every row is <see cref="SocketState.Bound"/>.</summary>
        public static List<SocketRecord> ParseUdp6(byte[] table, int length)
        {
            int count = RowCount(table, length, Udp6RowSize, "MIB_UDP6TABLE_OWNER_PID");
            var rows = new List<SocketRecord>(count);
            for (int i = 0; i < count; i++)
            {
                int row = HeaderSize + (i * Udp6RowSize);
                rows.Add(new SocketRecord
                {
                    Protocol = TransportProtocol.Udp,
                    Family = IPFamily.IPv6,
                    State = SocketState.Bound,
                    LocalAddress = ReadIPv6(table, row, ReadScopeId(table, row + 16)),
                    LocalPort = ReadPort(table, row + 20),
                    RemoteAddress = IPAddress.IPv6Any,
                    OwnerProcessId = ReadPid(table, row + 24),
                });
            }

            return rows;
        }

        /// <summary>MIB_TCP_STATE (1..12) to the model's state.</summary>
        public static SocketState ToSocketState(uint mibState)
        {
            switch (mibState)
            {
                case 1: return SocketState.Closed;
                case 2: return SocketState.Listen;
                case 3: return SocketState.SynSent;
                case 4: return SocketState.SynReceived;
                case 5: return SocketState.Established;
                case 6: return SocketState.FinWait1;
                case 7: return SocketState.FinWait2;
                case 8: return SocketState.CloseWait;
                case 9: return SocketState.Closing;
                case 10: return SocketState.LastAck;
                case 11: return SocketState.TimeWait;
                case 12: return SocketState.Closed; // DELETE_TCB: the control block is being torn down, i.e. closed.
                default: return SocketState.Unknown;
            }
        }

        /// <summary>
        /// Reads dwNumEntries and checks that the rows it claims fit in the buffer, so a short or corrupt buffer
        /// is a clear error instead of rows parsed from whatever bytes follow.
        /// </summary>
        private static int RowCount(byte[] table, int length, int rowSize, string tableName)
        {
            if (length < 0 || length > table.Length)
            {
                throw new InvalidDataException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: length {1} is outside the {2}-byte buffer.",
                    tableName,
                    length,
                    table.Length));
            }

            if (length < HeaderSize)
            {
                throw new InvalidDataException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} is truncated: {1} bytes, too short even for dwNumEntries ({2} bytes).",
                    tableName,
                    length,
                    HeaderSize));
            }

            uint count = ReadUInt32(table, 0);
            long needed = HeaderSize + ((long)count * rowSize);
            if (needed > length)
            {
                throw new InvalidDataException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} is truncated: dwNumEntries says {1} rows of {2} bytes ({3} bytes with the header), but only {4} bytes were returned.",
                    tableName,
                    count,
                    rowSize,
                    needed,
                    length));
            }

            return (int)count;
        }

        internal static uint ReadUInt32(byte[] b, int offset) =>
            (uint)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24));

        /// <summary>The low 16 bits of the DWORD, in network byte order: first byte in memory is the high byte.</summary>
        internal static int ReadPort(byte[] b, int offset) => (b[offset] << 8) | b[offset + 1];

        private static int ReadPid(byte[] b, int offset) => unchecked((int)ReadUInt32(b, offset));

        private static IPAddress ReadIPv4(byte[] b, int offset)
        {
            var bytes = new byte[4];
            System.Buffer.BlockCopy(b, offset, bytes, 0, 4);
            return new IPAddress(bytes);
        }

        /// <summary>
        /// dwLocalScopeId/dwRemoteScopeId: the interface index of a link-local address, as a little-endian (host order)
        /// DWORD, so interface 12 is the bytes 0C 00 00 00 and reads as %12.
        /// </summary>
        /// <remarks>
        /// Microsoft's MIB_TCP6ROW_OWNER_PID and MIB_UDP6ROW_OWNER_PID pages say "network byte order" (which would
        /// make those bytes 00 00 00 0C). Decided for host order from two sources that do not depend on that sentence:
        /// <list type="number">
        /// <item>System Informer (winsiderss/systeminformer, SystemInformer/netprv.c, PhGetNetworkConnections and the
        /// address formatting of its network provider) copies dwLocalScopeId/dwRemoteScopeId of the same tables
        /// (GetExtendedTcpTable/GetExtendedUdpTable, *_OWNER_MODULE rows, whose scope fields sit where the *_OWNER_PID
        /// ones do) unchanged into RtlIpv6AddressToStringEx to print "fe80::...%N" in its Network tab.</item>
        /// <item>RtlIpv6AddressToStringEx prints its ScopeId argument as given while it byte-swaps Port: Wine's
        /// conformance test dlls/ntdll/tests/rtl.c (test_RtlIpv6AddressToStringEx), which runs against real Windows,
        /// expects scope 1 to print "%1" and port 1 to print ":256", although that function's page also calls both
        /// "network byte order". So System Informer shows the table's bytes read in host order, and a network-order
        /// field would have shown interface 12 as %201326592 to every user of that tool.</item>
        /// </list>
        /// dotnet/runtime (SystemIPGlobalProperties) reads the field the same way, and the same "network byte order"
        /// wording is known to be wrong for SOCKADDR_IN6.sin6_scope_id (rust-lang/rust#32429, yoshuawuyts/miow#41).
        /// Not verified on a real machine here; if a Windows run shows %201326592-style scopes, this is the one line
        /// to change.
        /// </remarks>
        internal static uint ReadScopeId(byte[] b, int offset) => ReadUInt32(b, offset);

        private static IPAddress ReadIPv6(byte[] b, int offset, uint scopeId)
        {
            var bytes = new byte[16];
            System.Buffer.BlockCopy(b, offset, bytes, 0, 16);
            var address = new IPAddress(bytes);

            // A scope only means something for link- and site-local addresses; keeping it off :: and ::1 keeps
            // IPAddress.Equals working for the wildcard and loopback checks.
            if (scopeId != 0 && (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal))
            {
                address.ScopeId = scopeId;
            }

            return address;
        }
    }
}
