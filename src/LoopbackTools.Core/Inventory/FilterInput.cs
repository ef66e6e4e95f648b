using System.Collections.Generic;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// One filter parameter as one ProcessRecord call saw it: not bound at all (no constraint), or bound to a list of
    /// values, which may be empty (a piped Id of $null, an empty Port column): a constraint nothing satisfies.
    /// </summary>
    internal readonly struct FilterInput
    {
        private FilterInput(bool isBound, IReadOnlyCollection<int> values)
        {
            IsBound = isBound;
            Values = values;
        }

        public static FilterInput NotBound { get; } = new FilterInput(false, new int[0]);

        public bool IsBound { get; }

        /// <summary>The bound values; empty when not bound or bound to nothing.</summary>
        public IReadOnlyCollection<int> Values { get; }

        /// <summary>True when the parameter was bound and carries no value: it selects nothing.</summary>
        public bool IsEmpty => IsBound && Values.Count == 0;

        /// <summary>A bound parameter; null (a piped property that is $null) counts as bound to nothing.</summary>
        public static FilterInput Of(IReadOnlyCollection<int>? values) => new FilterInput(true, values ?? new int[0]);
    }
}
