using System.Collections.Generic;

namespace LoopbackTools.Conflicts.Rules
{
    /// <summary>One kind of conflict. A rule sees one port at a time and adds what it finds; it never looks across ports.</summary>
    internal interface IConflictRule
    {
        ConflictKind Kind { get; }

        void Check(PortSituation situation, ICollection<PortConflict> found);
    }
}
