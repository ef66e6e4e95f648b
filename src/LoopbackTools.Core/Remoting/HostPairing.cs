using System;
using System.Collections.Generic;

namespace LoopbackTools.Remoting
{
    /// <summary>
    /// Pairs rows that say which computer they describe (their ComputerName) with the hosts of a -Session call: each
    /// host gets the rows naming it, compared case-insensitively as host names are. A row that names no computer (a
    /// baseline saved before rows carried ComputerName, or written by hand) describes every host: it goes to each.
    /// </summary>
    internal static class HostPairing
    {
        public static HostPairing<T> Pair<T>(IReadOnlyList<string> hosts, IEnumerable<T> rows, Func<T, string?> computerName)
        {
            var byHost = new Dictionary<string, List<T>>(StringComparer.OrdinalIgnoreCase);
            foreach (string host in hosts)
            {
                byHost[host] = new List<T>();
            }

            var everyHost = new List<T>();
            var unmatched = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            int total = 0;
            foreach (var row in rows)
            {
                total++;
                string? name = computerName(row)?.Trim();
                if (string.IsNullOrEmpty(name))
                {
                    everyHost.Add(row);
                    continue;
                }

                names.Add(name!);
                if (byHost.TryGetValue(name!, out var list))
                {
                    list.Add(row);
                }
                else
                {
                    unmatched.Add(name!);
                }
            }

            var result = new List<T>[hosts.Count];
            for (int i = 0; i < hosts.Count; i++)
            {
                // Two sessions to one computer both get its rows; the shared rows come after the named ones.
                result[i] = new List<T>(byHost[hosts[i]]);
                result[i].AddRange(everyHost);
            }

            return new HostPairing<T>(result, names, unmatched, total);
        }
    }

    /// <summary>The rows of each host (in the order the hosts were given), and the names no host matched.</summary>
    internal sealed class HostPairing<T>
    {
        public HostPairing(
            IReadOnlyList<List<T>> rowsByHost, IReadOnlyCollection<string> names, IReadOnlyCollection<string> unmatchedNames, int total)
        {
            RowsByHost = rowsByHost;
            Names = names;
            UnmatchedNames = unmatchedNames;
            Total = total;
        }

        public IReadOnlyList<List<T>> RowsByHost { get; }

        /// <summary>Every computer name the rows carry, sorted.</summary>
        public IReadOnlyCollection<string> Names { get; }

        /// <summary>Computer names rows carry that no session goes to: those rows are compared with nothing.</summary>
        public IReadOnlyCollection<string> UnmatchedNames { get; }

        public int Total { get; }
    }
}
