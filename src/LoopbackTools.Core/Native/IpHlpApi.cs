using System.Runtime.InteropServices;

namespace LoopbackTools.Native
{
    /// <summary>
    /// The iphlpapi.dll surface of the Windows source: two functions, same shape.
    /// Reviewed against the iphlpapi.h signatures:
    /// <c>DWORD GetExtendedTcpTable(PVOID pTcpTable, PDWORD pdwSize, BOOL bOrder, ULONG ulAf, TCP_TABLE_CLASS TableClass, ULONG Reserved)</c>
    /// and the same for GetExtendedUdpTable with UDP_TABLE_CLASS.
    /// <list type="bullet">
    /// <item>The table is a plain byte[]: blittable, so the marshaller pins it and the callee writes straight into
    /// it; [Out] says so explicitly. No unmanaged allocation to free, no struct marshalling to get wrong.</item>
    /// <item>DWORD and ULONG are 32-bit on every Windows ABI (LLP64), hence uint; the table-class enums are C ints.</item>
    /// <item>BOOL is a 4-byte int: MarshalAs(Bool).</item>
    /// <item>The error comes back as the return value, not through GetLastError, so no SetLastError.</item>
    /// </list>
    /// </summary>
    internal static class IpHlpApi
    {
        public const uint AF_INET = 2;
        public const uint AF_INET6 = 23;

        /// <summary>TCP_TABLE_CLASS.TCP_TABLE_OWNER_PID_ALL: MIB_TCPTABLE_OWNER_PID / MIB_TCP6TABLE_OWNER_PID, every state.</summary>
        public const int TCP_TABLE_OWNER_PID_ALL = 5;

        /// <summary>UDP_TABLE_CLASS.UDP_TABLE_OWNER_PID: MIB_UDPTABLE_OWNER_PID / MIB_UDP6TABLE_OWNER_PID.</summary>
        public const int UDP_TABLE_OWNER_PID = 1;

        [DllImport("iphlpapi.dll", ExactSpelling = true)]
        public static extern uint GetExtendedTcpTable(
            [Out] byte[] pTcpTable,
            ref uint pdwSize,
            [MarshalAs(UnmanagedType.Bool)] bool bOrder,
            uint ulAf,
            int tableClass,
            uint reserved);

        [DllImport("iphlpapi.dll", ExactSpelling = true)]
        public static extern uint GetExtendedUdpTable(
            [Out] byte[] pUdpTable,
            ref uint pdwSize,
            [MarshalAs(UnmanagedType.Bool)] bool bOrder,
            uint ulAf,
            int tableClass,
            uint reserved);
    }
}
