using System;
using System.Collections.Generic;
using System.IO;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Sockets;
using LoopbackTools.Windows;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// IP Helper table buffers (IpHelperTableParser): the first byte picks the table (TCP/UDP, IPv4/IPv6), the rest is
    /// the buffer GetExtendedTcpTable/GetExtendedUdpTable fills. InvalidDataException for a buffer that lies about its rows.
    /// </summary>
    internal sealed class IpHelperTarget : InProcessTarget
    {
        public override string Name => "iphelper";

        public override string Description => "GetExtendedTcpTable/UdpTable buffers";

        public override IReadOnlyList<string> Extensions => new[] { ".bin" };

        public override bool Binary => true;

        protected override void Run(byte[] data, string extension)
        {
            if (data.Length == 0)
            {
                return;
            }

            var table = new byte[data.Length - 1];
            Buffer.BlockCopy(data, 1, table, 0, table.Length);
            List<SocketRecord> rows = (data[0] % 4) switch
            {
                0 => IpHelperTableParser.ParseTcp4(table, table.Length),
                1 => IpHelperTableParser.ParseTcp6(table, table.Length),
                2 => IpHelperTableParser.ParseUdp4(table, table.Length),
                _ => IpHelperTableParser.ParseUdp6(table, table.Length),
            };
            foreach (var row in rows)
            {
                FuzzFailure.Check(row.LocalPort >= 0 && row.LocalPort <= 65535, $"a row with local port {row.LocalPort}");
            }
        }

        protected override bool IsDocumented(Exception e) => e is InvalidDataException;
    }
}
