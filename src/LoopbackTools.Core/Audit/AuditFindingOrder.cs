using System;
using System.Collections.Generic;
using System.Net;
using LoopbackTools.Inventory;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// The order findings are listed in: most severe first, then by rule, then by socket (protocol, port, address),
    /// then by text. Total on everything but the process id, so an unchanged machine lists the same findings in the
    /// same order on every run and two audit CSVs diff line by line.
    /// </summary>
    internal sealed class AuditFindingOrder : IComparer<AuditFinding>
    {
        public static readonly AuditFindingOrder Instance = new AuditFindingOrder();

        public int Compare(AuditFinding? x, AuditFinding? y)
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

            int c = y.Severity.CompareTo(x.Severity);
            if (c == 0) c = AuditRuleCatalogue.OrderOf(x.Rule).CompareTo(AuditRuleCatalogue.OrderOf(y.Rule));
            if (c == 0) c = string.CompareOrdinal(x.Rule, y.Rule);
            if (c == 0) c = x.Protocol.CompareTo(y.Protocol);
            if (c == 0) c = x.LocalPort.CompareTo(y.LocalPort);
            if (c == 0) c = CompareAddress(x.LocalAddress, y.LocalAddress);
            if (c == 0) c = string.CompareOrdinal(x.ProcessPath, y.ProcessPath);
            if (c == 0) c = string.CompareOrdinal(x.ProcessName, y.ProcessName);
            if (c == 0) c = string.CompareOrdinal(x.Message, y.Message);
            return c;
        }

        // The socket table's address order (IPv4 before IPv6, then numerically: 10.0.0.9 before 10.0.0.10), so findings
        // list addresses as Get-LoopbackEndpoint does; text order for anything unparsable or equal in bytes.
        private static int CompareAddress(string a, string b)
        {
            if (string.Equals(a, b, StringComparison.Ordinal))
            {
                return 0;
            }

            if (!IPAddress.TryParse(a, out var x) || !IPAddress.TryParse(b, out var y))
            {
                return string.CompareOrdinal(a, b);
            }

            int c = SocketRecordOrder.CompareAddress(x, y);
            return c != 0 ? c : string.CompareOrdinal(a, b);
        }
    }
}
