using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// Parses /proc/net/{tcp,tcp6,udp,udp6}. Addresses are the kernel's in-memory words printed as hex, so they
    /// are decoded in host byte order; ports are printed as plain numbers in hex.
    /// </summary>
    internal static class ProcNetParser
    {
        public static List<SocketRecord> Parse(TextReader reader, TransportProtocol protocol, IPFamily family) =>
            Parse(reader, protocol, family, out _, out _);

        /// <summary>
        /// Every socket line of one table. A line without a readable local address and port cannot be a row (counted in
        /// <paramref name="unreadable"/>); any other field that fails to parse is left unknown and the row kept
        /// (counted in <paramref name="partial"/>). Blank lines are not socket lines and count for nothing.
        /// </summary>
        public static List<SocketRecord> Parse(TextReader reader, TransportProtocol protocol, IPFamily family, out int unreadable, out int partial)
        {
            var rows = new List<SocketRecord>();
            unreadable = 0;
            partial = 0;
            reader.ReadLine(); // header
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var record = ParseLine(line, protocol, family, out bool complete);
                if (record == null)
                {
                    unreadable++;
                }
                else
                {
                    rows.Add(record);
                    if (!complete)
                    {
                        partial++;
                    }
                }
            }

            return rows;
        }

        /// <summary>One data line; null for a line that is not a socket row (blank, or no readable local endpoint).</summary>
        public static SocketRecord? ParseLine(string line, TransportProtocol protocol, IPFamily family) => ParseLine(line, protocol, family, out _);

        /// <summary>
        /// One data line: null without a readable local address and port; otherwise a row whose unreadable fields are
        /// unknown (state Unknown, uid and queues null, inode 0, remote end the wildcard), with <paramref name="complete"/> false.
        /// </summary>
        public static SocketRecord? ParseLine(string line, TransportProtocol protocol, IPFamily family, out bool complete)
        {
            complete = false;
            var f = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.Length < 2 || !f[0].EndsWith(":", StringComparison.Ordinal) || !TryParseEndpoint(f[1], family, out var local, out int localPort))
            {
                return null;
            }

            var record = new SocketRecord
            {
                Protocol = protocol,
                Family = family,
                LocalAddress = local,
                LocalPort = localPort,
                RemoteAddress = family == IPFamily.IPv4 ? IPAddress.Any : IPAddress.IPv6Any,
                State = SocketState.Unknown,
            };

            bool ok = f.Length >= 10;
            if (f.Length > 2 && TryParseEndpoint(f[2], family, out var remote, out int remotePort))
            {
                record.RemoteAddress = remote;
                record.RemotePort = remotePort;
            }
            else
            {
                ok = false;
            }

            if (f.Length > 3 && int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int state))
            {
                record.State = LinuxSocketStates.ToSocketState(state, protocol);
            }
            else
            {
                ok = false;
            }

            ok &= f.Length > 4 && TryParseQueues(f[4], protocol, record);

            // The uid column is the kernel's unsigned 32-bit number: 3000000000 is a real uid, not a parse error.
            if (f.Length > 7 && uint.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid))
            {
                record.Uid = uid;
            }
            else
            {
                ok = false;
            }

            if (f.Length > 9 && ulong.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
            {
                record.Inode = inode;
            }
            else
            {
                ok = false;
            }

            complete = ok;
            return record;
        }

        /// <summary>
        /// "tx_queue:rx_queue" in hex. For a TCP listener the kernel prints its accept queue as rx_queue but not its backlog
        /// (tx_queue is a meaningless 0 there), so the backlog stays unknown in this source.
        /// </summary>
        private static bool TryParseQueues(string text, TransportProtocol protocol, SocketRecord record)
        {
            int colon = text.IndexOf(':');
            if (colon < 0
                || !uint.TryParse(text.Substring(0, colon), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint tx)
                || !uint.TryParse(text.Substring(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint rx))
            {
                return false;
            }

            record.ReceiveQueue = rx;
            record.SendQueue = protocol == TransportProtocol.Tcp && record.State == SocketState.Listen ? null : (uint?)tx;
            return true;
        }

        private static bool TryParseEndpoint(string text, IPFamily family, out IPAddress address, out int port)
        {
            address = IPAddress.Any;
            port = 0;
            int colon = text.IndexOf(':');
            int hexLength = family == IPFamily.IPv4 ? 8 : 32;
            if (colon != hexLength
                || !int.TryParse(text.Substring(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port)
                || port < 0 || port > 65535)
            {
                return false;
            }

            var bytes = new byte[hexLength / 2];
            for (int word = 0; word < hexLength / 8; word++)
            {
                if (!uint.TryParse(text.Substring(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
                {
                    return false;
                }

                var wordBytes = BitConverter.GetBytes(value); // host order, as the kernel printed it
                Buffer.BlockCopy(wordBytes, 0, bytes, word * 4, 4);
            }

            address = new IPAddress(bytes);
            return true;
        }
    }
}
