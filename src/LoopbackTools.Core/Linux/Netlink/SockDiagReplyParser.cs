using System;
using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Native;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Turns the bytes of one recv() on a sock_diag socket into <see cref="SocketRecord"/>s. One datagram holds
    /// several netlink messages; a dump ends with NLMSG_DONE. Works on byte[] + offset (no System.Memory).
    /// </summary>
    internal sealed class SockDiagReplyParser
    {
        private readonly AddressCache _addresses;

        public SockDiagReplyParser()
            : this(new AddressCache())
        {
        }

        public SockDiagReplyParser(AddressCache addresses)
        {
            _addresses = addresses;
        }

        /// <summary>True when some message of the dump carried NLM_F_DUMP_INTR (the table changed while it was dumped).</summary>
        public bool Interrupted { get; private set; }

        /// <summary>
        /// Parses every message in <paramref name="buffer"/>[offset, offset+count) that answers <paramref name="sequence"/>.
        /// Returns true when the dump is complete (NLMSG_DONE seen). Throws <see cref="NetlinkErrorException"/> when the
        /// kernel reports an error and <see cref="FormatException"/> for a malformed datagram.
        /// </summary>
        public bool Parse(byte[] buffer, int offset, int count, uint sequence, TransportProtocol protocol, List<SocketRecord> into) =>
            Parse(buffer, offset, count, sequence, protocol, new SocketRecordSink(into));

        /// <summary>As the list overload, handing each row to <paramref name="sink"/> as a value (no object per row).</summary>
        public bool Parse(byte[] buffer, int offset, int count, uint sequence, TransportProtocol protocol, ISocketRowSink sink)
        {
            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            int end = offset + count;
            int at = offset;
            while (end - at >= SockDiagWire.HeaderLength)
            {
                int length = (int)SockDiagWire.ReadUInt32(buffer, at);
                if (length < SockDiagWire.HeaderLength || length > end - at)
                {
                    throw new FormatException(string.Format(CultureInfo.InvariantCulture,
                        "Malformed netlink message: length {0} with {1} bytes left.", length, end - at));
                }

                ushort type = SockDiagWire.ReadUInt16(buffer, at + 4);
                ushort flags = SockDiagWire.ReadUInt16(buffer, at + 6);
                uint seq = SockDiagWire.ReadUInt32(buffer, at + 8);
                int body = at + SockDiagWire.HeaderLength;
                int bodyLength = length - SockDiagWire.HeaderLength;
                at += SockDiagWire.Align(length);

                if (seq != sequence)
                {
                    continue; // a late answer to an earlier request on the same socket
                }

                if ((flags & SockDiagWire.NLM_F_DUMP_INTR) != 0)
                {
                    Interrupted = true;
                }

                switch (type)
                {
                    case SockDiagWire.SOCK_DIAG_BY_FAMILY:
                        if (bodyLength < SockDiagWire.MessageLength)
                        {
                            throw new FormatException(string.Format(CultureInfo.InvariantCulture, "Short inet_diag_msg: {0} bytes.", bodyLength));
                        }

                        if (ParseMessage(buffer, body, bodyLength, protocol, out var row))
                        {
                            sink.Add(in row);
                        }

                        break;

                    case SockDiagWire.NLMSG_DONE:
                        // A dump that failed part-way ends with NLMSG_DONE carrying a negative errno.
                        if (bodyLength >= 4)
                        {
                            int status = BitConverter.ToInt32(buffer, body);
                            if (status < 0)
                            {
                                throw Error(-status, "sock_diag dump failed");
                            }
                        }

                        return true;

                    case SockDiagWire.NLMSG_ERROR:
                        if (bodyLength < SockDiagWire.ErrorBodyMinLength)
                        {
                            throw new FormatException("Short NLMSG_ERROR message.");
                        }

                        int error = BitConverter.ToInt32(buffer, body);
                        if (error != 0)
                        {
                            throw Error(-error, "sock_diag request rejected");
                        }

                        return true; // an acknowledgement ends the exchange

                    case SockDiagWire.NLMSG_OVERRUN:
                        throw new FormatException("Netlink reported a data overrun.");

                    default:
                        break; // NLMSG_NOOP and anything newer: not ours to interpret
                }
            }

            if (at < end && end - at < SockDiagWire.HeaderLength && at != end)
            {
                // Trailing bytes shorter than a header can only be alignment padding of the last message.
                for (int i = at; i < end; i++)
                {
                    if (buffer[i] != 0)
                    {
                        throw new FormatException("Trailing bytes after the last netlink message.");
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when the datagram holds the message that ends the answer to <paramref name="sequence"/> (NLMSG_DONE or
        /// NLMSG_ERROR), or cannot be walked at all (the parser then reports it): the receiver must not wait for more.
        /// Reads only the message headers, so the receiving thread can tell without parsing the rows.
        /// </summary>
        public static bool EndsAnswer(byte[] buffer, int count, uint sequence)
        {
            int at = 0;
            while (count - at >= SockDiagWire.HeaderLength)
            {
                int length = (int)SockDiagWire.ReadUInt32(buffer, at);
                if (length < SockDiagWire.HeaderLength || length > count - at)
                {
                    return true;
                }

                ushort type = SockDiagWire.ReadUInt16(buffer, at + 4);
                if (SockDiagWire.ReadUInt32(buffer, at + 8) == sequence
                    && (type == SockDiagWire.NLMSG_DONE || type == SockDiagWire.NLMSG_ERROR || type == SockDiagWire.NLMSG_OVERRUN))
                {
                    return true;
                }

                at += SockDiagWire.Align(length);
            }

            return false;
        }

        private bool ParseMessage(byte[] buffer, int at, int length, TransportProtocol protocol, out SocketRow row)
        {
            byte family = buffer[at + SockDiagWire.MsgFamily];
            row = default;
            if (family == SockDiagWire.AF_INET)
            {
                row.Family = IPFamily.IPv4;
                row.LocalAddress = _addresses.V4(buffer, at + SockDiagWire.MsgSource);
                row.RemoteAddress = _addresses.V4(buffer, at + SockDiagWire.MsgDestination);
            }
            else if (family == SockDiagWire.AF_INET6)
            {
                row.Family = IPFamily.IPv6;
                row.LocalAddress = _addresses.V6(buffer, at + SockDiagWire.MsgSource);
                row.RemoteAddress = _addresses.V6(buffer, at + SockDiagWire.MsgDestination);
            }
            else
            {
                return false;
            }

            row.Protocol = protocol;
            row.LocalPort = SockDiagWire.ReadBigEndianUInt16(buffer, at + SockDiagWire.MsgSourcePort);
            row.RemotePort = SockDiagWire.ReadBigEndianUInt16(buffer, at + SockDiagWire.MsgDestinationPort);
            row.State = LinuxSocketStates.ToSocketState(buffer[at + SockDiagWire.MsgState], protocol);
            row.Uid = SockDiagWire.ReadUInt32(buffer, at + SockDiagWire.MsgUid);
            row.Inode = SockDiagWire.ReadUInt32(buffer, at + SockDiagWire.MsgInode);
            SockDiagAttributes.Read(buffer, at + SockDiagWire.MessageLength, at + length, out bool? v6Only, out row.CgroupId);
            if (row.Family == IPFamily.IPv6)
            {
                row.IPv6Only = v6Only;
            }

            // idiag_if is sk_bound_dev_if: SO_BINDTODEVICE, or the scope a link-local bind set. A u32 the kernel
            // fills from an int; anything past int.MaxValue is not an interface index.
            row.InterfaceIndex = (int)Math.Min(SockDiagWire.ReadUInt32(buffer, at + SockDiagWire.MsgInterface), int.MaxValue);
            row.ReceiveQueue = SockDiagWire.ReadUInt32(buffer, at + SockDiagWire.MsgReceiveQueue);
            row.SendQueue = SockDiagWire.ReadUInt32(buffer, at + SockDiagWire.MsgSendQueue);
            return true;
        }

        private static NetlinkErrorException Error(int errno, string what) =>
            new NetlinkErrorException(errno, string.Format(CultureInfo.InvariantCulture, "{0}: errno {1} ({2}).", what, errno, Errno.Name(errno)));
    }
}
