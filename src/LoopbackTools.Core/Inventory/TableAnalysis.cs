using System.Collections.Generic;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// What an analysis built on one or more reads of the socket table returns: its results, and the warnings of
    /// the reads (each cause once), already phrased for the user.
    /// </summary>
    internal sealed class TableAnalysis<T>
    {
        public TableAnalysis(IReadOnlyList<T> results, IEnumerable<string> warnings, string source)
        {
            Results = results;
            var distinct = new List<string>();
            foreach (string warning in warnings)
            {
                if (!distinct.Contains(warning))
                {
                    distinct.Add(warning);
                }
            }

            Warnings = distinct;
            Source = source;
        }

        public IReadOnlyList<T> Results { get; }

        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Which socket-table source answered (for -Verbose).</summary>
        public string Source { get; }
    }
}
