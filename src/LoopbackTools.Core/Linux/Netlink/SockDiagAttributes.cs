namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Attributes after an inet_diag_msg that the kernel sends without being asked. Each is { u16 nla_len; u16 nla_type;
    /// payload }, padded to 4 bytes; the top two type bits are flags. A list that does not parse gives "not reported".
    /// </summary>
    internal static class SockDiagAttributes
    {
        private const int HeaderLength = 4;
        private const int TypeMask = 0x3FFF;

        /// <summary>
        /// enum inet_diag_attr INET_DIAG_CGROUP_ID (linux 5.7+, CONFIG_SOCK_CGROUP_DATA): the cgroup v2 id of the socket,
        /// which is its creator's cgroup; a u64, possibly after an INET_DIAG_PAD that aligns it.
        /// </summary>
        public const int INET_DIAG_CGROUP_ID = 21;

        /// <summary>The socket's cgroup v2 id in the attributes in [at, end); 0 when absent or unreadable.</summary>
        public static ulong CgroupId(byte[] buffer, int at, int end)
        {
            if (at < 0 || end > buffer.Length)
            {
                return 0;
            }

            while (end - at >= HeaderLength)
            {
                int length = SockDiagWire.ReadUInt16(buffer, at);
                int type = SockDiagWire.ReadUInt16(buffer, at + 2) & TypeMask;
                if (length < HeaderLength || length > end - at)
                {
                    return 0;
                }

                if (type == INET_DIAG_CGROUP_ID)
                {
                    return length >= HeaderLength + 8 ? System.BitConverter.ToUInt64(buffer, at + HeaderLength) : 0;
                }

                at += SockDiagWire.Align(length);
            }

            return 0;
        }
    }
}
