using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Inventory
{
    /// <summary>A total order on rows so that two reads of an unchanged table list endpoints in the same order (diffable CSVs).</summary>
    internal sealed class SocketRecordOrder : IComparer<Sockets.SocketRecord>
    {
        public static readonly SocketRecordOrder Instance = new SocketRecordOrder();

        public int Compare(Sockets.SocketRecord? x, Sockets.SocketRecord? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            int c = x.Protocol.CompareTo(y.Protocol);
            if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
            if (c == 0) c = x.Family.CompareTo(y.Family);
            if (c == 0) c = CompareAddress(x.LocalAddress, y.LocalAddress);
            if (c == 0) c = x.State.CompareTo(y.State);
            if (c == 0) c = CompareAddress(x.RemoteAddress, y.RemoteAddress);
            if (c == 0) c = x.RemotePort.CompareTo(y.RemotePort);
            if (c == 0) c = x.Inode.CompareTo(y.Inode);
            return c;
        }

        private static int CompareAddress(IPAddress a, IPAddress b)
        {
            if (ReferenceEquals(a, b))
            {
                return 0;
            }

            byte[] x = a.GetAddressBytes();
            byte[] y = b.GetAddressBytes();
            int c = x.Length.CompareTo(y.Length);
            for (int i = 0; c == 0 && i < x.Length; i++)
            {
                c = x[i].CompareTo(y[i]);
            }

            return c;
        }
    }
}
