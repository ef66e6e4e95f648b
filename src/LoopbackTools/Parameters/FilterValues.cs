using System.Collections.Generic;

namespace LoopbackTools.Commands
{
    /// <summary>Turns bound parameter values into the core's filter shapes.</summary>
    internal static class FilterValues
    {
        /// <summary>
        /// Null (no filter) only for a parameter that was not given; an empty list stays an empty set, which selects
        /// nothing (<see cref="PipelineFilters.RejectEmpty"/> stops the command before that can happen).
        /// </summary>
        public static ISet<T>? ToSet<T>(T[]? values) => values == null ? null : new HashSet<T>(values);
    }
}
