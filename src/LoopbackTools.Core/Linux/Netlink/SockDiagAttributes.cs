namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Attributes after an inet_diag_msg that the kernel sends without being asked. Each is { u16 nla_len; u16 nla_type;
    /// payload }, padded to 4 bytes; the top two type bits are flags. Read in one walk per row (this is the per-socket
    /// path); an attribute list that stops parsing gives "not reported" for what was not found before that point.
    /// </summary>
    internal static class SockDiagAttributes
    {
        /// <summary>
        /// enum inet_diag_attr INET_DIAG_CGROUP_ID (linux 5.7+, CONFIG_SOCK_CGROUP_DATA): the cgroup v2 id of the socket,
        /// which is its creator's cgroup; a u64, possibly after an INET_DIAG_PAD that aligns it.
        /// </summary>
        public const int INET_DIAG_CGROUP_ID = 21;

        /// <summary>
        /// The attributes in [at, end) that rows carry: INET_DIAG_SKV6ONLY (sent for every IPv6 socket in LISTEN or
        /// CLOSE, i.e. listeners and unconnected UDP; null when absent or unreadable) and the cgroup id (0 when absent).
        /// </summary>
        public static void Read(byte[] buffer, int at, int end, out bool? v6Only, out ulong cgroupId)
        {
            v6Only = null;
            cgroupId = 0;
            if (at < 0 || end > buffer.Length)
            {
                return;
            }

            while (end - at >= SockDiagWire.AttributeHeaderLength)
            {
                int length = SockDiagWire.ReadUInt16(buffer, at);
                int type = SockDiagWire.ReadUInt16(buffer, at + 2) & SockDiagWire.NLA_TYPE_MASK;
                if (length < SockDiagWire.AttributeHeaderLength || length > end - at)
                {
                    return;
                }

                int payload = at + SockDiagWire.AttributeHeaderLength;
                if (type == SockDiagWire.INET_DIAG_SKV6ONLY && length > SockDiagWire.AttributeHeaderLength)
                {
                    v6Only = buffer[payload] != 0;
                }
                else if (type == INET_DIAG_CGROUP_ID && length >= SockDiagWire.AttributeHeaderLength + 8)
                {
                    cgroupId = System.BitConverter.ToUInt64(buffer, payload);
                }

                at += SockDiagWire.Align(length);
            }
        }
    }
}
