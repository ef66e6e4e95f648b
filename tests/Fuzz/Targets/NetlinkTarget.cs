using System;
using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Linux.Netlink;
using LoopbackTools.Sockets;

namespace LoopbackTools.Fuzz
{
    /// <summary>sock_diag replies as recv() returns them (SockDiagReplyParser): FormatException or the kernel's error.</summary>
    internal sealed class NetlinkTarget : InProcessTarget
    {
        public override string Name => "netlink";

        public override string Description => "NETLINK_SOCK_DIAG reply datagrams";

        public override IReadOnlyList<string> Extensions => new[] { ".bin" };

        public override bool Binary => true;

        protected override void Run(byte[] data, string extension)
        {
            // Answer the sequence number the first message carries, or every message would be skipped as late.
            uint sequence = data.Length >= 12 ? BitConverter.ToUInt32(data, 8) : 0;
            var records = new List<SocketRecord>();
            new SockDiagReplyParser().Parse(data, 0, data.Length, sequence, TransportProtocol.Tcp, records);
            foreach (var record in records)
            {
                FuzzFailure.Check(record.LocalPort >= 0 && record.LocalPort <= 65535 && record.RemotePort >= 0 && record.RemotePort <= 65535,
                    $"a record with ports {record.LocalPort} and {record.RemotePort}");
            }
        }

        protected override bool IsDocumented(Exception e) => e is FormatException || e is NetlinkErrorException;
    }
}
