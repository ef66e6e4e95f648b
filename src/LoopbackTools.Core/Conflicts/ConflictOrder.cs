using System;
using System.Collections.Generic;

namespace LoopbackTools.Conflicts
{
    /// <summary>A total order on findings so two runs over an unchanged machine print and export identically.</summary>
    internal sealed class ConflictOrder : IComparer<PortConflict>
    {
        public static readonly ConflictOrder Instance = new ConflictOrder();

        public int Compare(PortConflict? x, PortConflict? y)
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

            int c = x.Port.CompareTo(y.Port);
            if (c == 0) c = x.Protocol.CompareTo(y.Protocol);
            if (c == 0) c = x.Severity.CompareTo(y.Severity);
            if (c == 0) c = x.Kind.CompareTo(y.Kind);
            if (c == 0) c = string.CompareOrdinal(x.Address, y.Address);
            if (c == 0) c = string.CompareOrdinal(x.Message, y.Message);
            return c;
        }
    }
}
