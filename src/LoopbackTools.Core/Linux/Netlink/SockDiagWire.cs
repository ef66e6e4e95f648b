using System;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Numbers and byte layouts of the NETLINK_SOCK_DIAG wire format (linux/netlink.h, linux/sock_diag.h,
    /// linux/inet_diag.h). Netlink headers are in host byte order; ports and addresses inside inet_diag_sockid are in
    /// network byte order.
    /// </summary>
    internal static class SockDiagWire
    {
        // struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; }
        public const int HeaderLength = 16;
        public const int AlignTo = 4;

        public const ushort NLMSG_NOOP = 1;
        public const ushort NLMSG_ERROR = 2;
        public const ushort NLMSG_DONE = 3;
        public const ushort NLMSG_OVERRUN = 4;
        public const ushort SOCK_DIAG_BY_FAMILY = 20;

        public const ushort NLM_F_REQUEST = 0x01;
        public const ushort NLM_F_MULTI = 0x02;
        public const ushort NLM_F_DUMP_INTR = 0x10;
        public const ushort NLM_F_ROOT = 0x100;
        public const ushort NLM_F_MATCH = 0x200;
        public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

        public const byte AF_INET = 2;
        public const byte AF_INET6 = 10;
        public const byte IPPROTO_TCP = 6;
        public const byte IPPROTO_UDP = 17;

        // struct inet_diag_req_v2 { u8 family; u8 protocol; u8 ext; u8 pad; u32 states; struct inet_diag_sockid id; }
        public const int RequestBodyLength = 56;
        public const int RequestLength = HeaderLength + RequestBodyLength;

        // struct inet_diag_sockid { be16 sport; be16 dport; be32 src[4]; be32 dst[4]; u32 if; u32 cookie[2]; } = 48 bytes
        // struct inet_diag_msg { u8 family; u8 state; u8 timer; u8 retrans; sockid id; u32 expires, rqueue, wqueue, uid, inode; }
        public const int MessageLength = 72;
        public const int MsgFamily = 0;
        public const int MsgState = 1;
        public const int MsgSourcePort = 4;
        public const int MsgDestinationPort = 6;
        public const int MsgSource = 8;
        public const int MsgDestination = 24;
        public const int MsgInterface = 40;
        public const int MsgReceiveQueue = 56;
        public const int MsgSendQueue = 60;
        public const int MsgUid = 64;
        public const int MsgInode = 68;

        // struct nlattr { u16 nla_len; u16 nla_type; } before each attribute; the top two type bits are flags.
        public const int AttributeHeaderLength = 4;
        public const int NLA_TYPE_MASK = 0x3FFF;

        /// <summary>enum inet_diag_attr: IPV6_V6ONLY as one byte, sent unasked for IPv6 sockets in LISTEN or CLOSE.</summary>
        public const int INET_DIAG_SKV6ONLY = 11;

        /// <summary>enum inet_diag_req_attrs: the filter program attribute after inet_diag_req_v2.</summary>
        public const ushort INET_DIAG_REQ_BYTECODE = 1;

        // struct inet_diag_bc_op { u8 code; u8 yes; u16 no; }: the kernel runs ops from the start; an op that holds
        // moves on by yes bytes, one that fails by no bytes. Landing exactly on the end accepts the socket, landing
        // past it (the end plus 4) rejects it. Port comparisons carry the port in the `no` of a second op.
        public const int BytecodeOpLength = 4;
        public const byte INET_DIAG_BC_JMP = 1;
        public const byte INET_DIAG_BC_S_GE = 2;
        public const byte INET_DIAG_BC_S_LE = 3;
        public const byte INET_DIAG_BC_D_GE = 4;
        public const byte INET_DIAG_BC_D_LE = 5;
        public const byte INET_DIAG_BC_S_COND = 7;
        public const byte INET_DIAG_BC_D_COND = 8;
        public const byte INET_DIAG_BC_S_EQ = 11;
        public const byte INET_DIAG_BC_D_EQ = 12;

        /// <summary>struct inet_diag_hostcond { u8 family; u8 prefix_len; int port; __be32 addr[]; }: 8 bytes, then the address.</summary>
        public const int HostConditionLength = 8;

        // struct nlmsgerr { int error; struct nlmsghdr msg; }
        public const int ErrorBodyMinLength = 4;

        /// <summary>Every kernel TCP state 0..12 (TCP_NEW_SYN_RECV included, TCP_BOUND_INACTIVE left out as /proc/net does).</summary>
        public const uint AllStates = (1u << 13) - 1;

        /// <summary>Bound-but-unconnected UDP sockets are in TCP_CLOSE.</summary>
        public const uint UdpUnconnectedStates = 1u << LinuxSocketStates.Close;

        public static int Align(int length) => (length + AlignTo - 1) & ~(AlignTo - 1);

        /// <summary>
        /// Writes one SOCK_DIAG_BY_FAMILY dump request (nlmsghdr + inet_diag_req_v2, then an INET_DIAG_REQ_BYTECODE
        /// attribute holding <paramref name="bytecode"/> when one is given); returns its length.
        /// </summary>
        public static int WriteDumpRequest(
            byte[] buffer, int offset, byte family, byte protocol, uint states, uint sequence, byte[]? bytecode = null)
        {
            int attribute = bytecode == null ? 0 : AttributeHeaderLength + bytecode.Length;
            if (attribute > ushort.MaxValue || (attribute & (AlignTo - 1)) != 0)
            {
                throw new ArgumentException("A sock_diag filter program is whole ops and fits a netlink attribute.", nameof(bytecode));
            }

            int length = RequestLength + attribute;
            if (buffer.Length - offset < length)
            {
                throw new ArgumentException("The buffer is too small for a sock_diag request.", nameof(buffer));
            }

            Array.Clear(buffer, offset, RequestLength);
            WriteUInt32(buffer, offset, (uint)length);
            WriteUInt16(buffer, offset + 4, SOCK_DIAG_BY_FAMILY);
            WriteUInt16(buffer, offset + 6, NLM_F_REQUEST | NLM_F_DUMP);
            WriteUInt32(buffer, offset + 8, sequence);
            // nlmsg_pid stays 0: the kernel addresses its answer to the sending socket.
            int body = offset + HeaderLength;
            buffer[body] = family;
            buffer[body + 1] = protocol;
            // idiag_ext: none. The attribute we read, INET_DIAG_SKV6ONLY, has no request bit (1 << 10 does not fit this u8):
            // the kernel adds it unasked to IPv6 listeners and unconnected sockets. Every extension that can be asked
            // for (meminfo, tcp_info, congestion...) costs per socket and is not read.
            buffer[body + 2] = 0;
            buffer[body + 3] = 0;
            WriteUInt32(buffer, body + 4, states);
            // The inet_diag_sockid stays zero: a dump matches every socket (the program, if any, narrows it).
            if (bytecode != null)
            {
                // struct nlattr { u16 nla_len; u16 nla_type; } then the ops; whole ops need no padding.
                int at = offset + RequestLength;
                WriteUInt16(buffer, at, (ushort)attribute);
                WriteUInt16(buffer, at + 2, INET_DIAG_REQ_BYTECODE);
                Buffer.BlockCopy(bytecode, 0, buffer, at + AttributeHeaderLength, bytecode.Length);
            }

            return length;
        }

        public static uint ReadUInt32(byte[] buffer, int offset) => BitConverter.ToUInt32(buffer, offset);

        public static ushort ReadUInt16(byte[] buffer, int offset) => BitConverter.ToUInt16(buffer, offset);

        public static int ReadBigEndianUInt16(byte[] buffer, int offset) => (buffer[offset] << 8) | buffer[offset + 1];

        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            if (BitConverter.IsLittleEndian)
            {
                buffer[offset] = (byte)value;
                buffer[offset + 1] = (byte)(value >> 8);
                buffer[offset + 2] = (byte)(value >> 16);
                buffer[offset + 3] = (byte)(value >> 24);
            }
            else
            {
                buffer[offset] = (byte)(value >> 24);
                buffer[offset + 1] = (byte)(value >> 16);
                buffer[offset + 2] = (byte)(value >> 8);
                buffer[offset + 3] = (byte)value;
            }
        }

        public static void WriteUInt16(byte[] buffer, int offset, ushort value)
        {
            if (BitConverter.IsLittleEndian)
            {
                buffer[offset] = (byte)value;
                buffer[offset + 1] = (byte)(value >> 8);
            }
            else
            {
                buffer[offset] = (byte)(value >> 8);
                buffer[offset + 1] = (byte)value;
            }
        }
    }
}
