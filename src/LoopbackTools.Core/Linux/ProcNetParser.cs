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
        public static List<SocketRecord> Parse(TextReader reader, TransportProtocol protocol, IPFamily family)
        {
            var rows = new List<SocketRecord>();
            reader.ReadLine(); // header
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var record = ParseLine(line, protocol, family);
                if (record != null)
                {
                    rows.Add(record);
                }
            }

            return rows;
        }

        /// <summary>One data line; null for a line that is not a socket row (blank or truncated).</summary>
        public static SocketRecord? ParseLine(string line, TransportProtocol protocol, IPFamily family)
        {
            var f = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.Length < 10 || !f[0].EndsWith(":", StringComparison.Ordinal))
            {
                return null;
            }

            if (!TryParseEndpoint(f[1], family, out var local, out int localPort)
                || !TryParseEndpoint(f[2], family, out var remote, out int remotePort)
                || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int state)
                || !int.TryParse(f[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out int uid)
                || !ulong.TryParse(f[9], NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong inode))
            {
                return null;
            }

            return new SocketRecord
            {
                Protocol = protocol,
                Family = family,
                LocalAddress = local,
                LocalPort = localPort,
                RemoteAddress = remote,
                RemotePort = remotePort,
                State = LinuxSocketStates.ToSocketState(state, protocol),
                Uid = uid,
                Inode = inode,
            };
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
