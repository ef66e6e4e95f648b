using System;
using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Tests.Netlink
{
    /// <summary>Builds netlink datagrams byte by byte, the way the kernel lays them out, for parser tests.</summary>
    internal static class SockDiagMessages
    {
        public static byte[] Datagram(params byte[][] messages)
        {
            var all = new List<byte>();
            foreach (var m in messages)
            {
                all.AddRange(m);
                while (all.Count % 4 != 0)
                {
                    all.Add(0);
                }
            }

            return all.ToArray();
        }

        public static byte[] Message(ushort type, ushort flags, uint sequence, byte[] body)
        {
            var m = new byte[16 + body.Length];
            PutU32(m, 0, (uint)m.Length);
            PutU16(m, 4, type);
            PutU16(m, 6, flags);
            PutU32(m, 8, sequence);
            PutU32(m, 12, 4242);
            Buffer.BlockCopy(body, 0, m, 16, body.Length);
            return m;
        }

        /// <summary>
        /// An inet_diag_msg plus, like the kernel's, a trailing INET_DIAG_SHUTDOWN attribute (5 bytes, padded), and when
        /// <paramref name="v6Only"/> is given an INET_DIAG_SKV6ONLY attribute after it (the kernel's order).
        /// </summary>
        public static byte[] InetDiag(
            uint sequence, IPAddress local, int localPort, IPAddress remote, int remotePort, byte state, uint uid, uint inode,
            bool withAttribute = true, uint ifIndex = 1, uint receiveQueue = 0, uint sendQueue = 7, byte? v6Only = null, ushort flags = 2)
        {
            int attributes = (withAttribute ? 8 : 0) + (v6Only.HasValue ? 8 : 0);
            var body = new byte[72 + attributes];
            body[0] = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (byte)2 : (byte)10;
            body[1] = state;
            body[4] = (byte)(localPort >> 8);
            body[5] = (byte)localPort;
            body[6] = (byte)(remotePort >> 8);
            body[7] = (byte)remotePort;
            var l = local.GetAddressBytes();
            var r = remote.GetAddressBytes();
            Buffer.BlockCopy(l, 0, body, 8, l.Length);
            Buffer.BlockCopy(r, 0, body, 24, r.Length);
            PutU32(body, 40, ifIndex); // idiag_if
            PutU32(body, 44, 0xDEADBEEF); // cookie
            PutU32(body, 48, 0x12345678);
            PutU32(body, 56, receiveQueue); // idiag_rqueue
            PutU32(body, 60, sendQueue); // idiag_wqueue
            PutU32(body, 64, uid);
            PutU32(body, 68, inode);
            int at = 72;
            if (withAttribute)
            {
                PutU16(body, at, 5); // nla_len
                PutU16(body, at + 2, 8); // INET_DIAG_SHUTDOWN
                body[at + 4] = 0;
                at += 8;
            }

            if (v6Only.HasValue)
            {
                PutU16(body, at, 5);
                PutU16(body, at + 2, 11); // INET_DIAG_SKV6ONLY
                body[at + 4] = v6Only.Value;
            }

            return Message(20, flags, sequence, body);
        }

        public static byte[] Done(uint sequence, int status = 0)
        {
            var body = new byte[4];
            PutU32(body, 0, unchecked((uint)status));
            return Message(3, 2, sequence, body);
        }

        public static byte[] Error(uint sequence, int negativeErrno)
        {
            var body = new byte[4 + 16];
            PutU32(body, 0, unchecked((uint)negativeErrno));
            // the echoed request header
            PutU32(body, 4, 72);
            PutU16(body, 8, 20);
            PutU32(body, 12, sequence);
            return Message(2, 0, sequence, body);
        }

        public static void PutU32(byte[] b, int o, uint v)
        {
            var bytes = BitConverter.GetBytes(v); // host order, like the kernel
            Buffer.BlockCopy(bytes, 0, b, o, 4);
        }

        public static void PutU16(byte[] b, int o, ushort v)
        {
            var bytes = BitConverter.GetBytes(v);
            Buffer.BlockCopy(bytes, 0, b, o, 2);
        }
    }
}
