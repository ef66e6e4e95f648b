using System.Collections.Generic;
using System.Globalization;

namespace LoopbackTools.Conflicts
{
    /// <summary>Set arithmetic on the processes behind endpoints.</summary>
    internal static class Owners
    {
        /// <summary>How many processes hold these sockets; a socket without a visible owner counts as a process of its own.</summary>
        public static int DistinctCount(IEnumerable<Endpoint> endpoints)
        {
            var pids = new HashSet<int>();
            int unknown = 0;
            foreach (var endpoint in endpoints)
            {
                if (endpoint.ProcessId.HasValue)
                {
                    pids.Add(endpoint.ProcessId.Value);
                }
                else
                {
                    unknown++;
                }
            }

            return pids.Count + unknown;
        }

        /// <summary>
        /// The flat ProcessId and ProcessName columns of a result row: each visible owner once, in endpoint order,
        /// comma-joined; an unreadable name keeps an empty slot so the two columns stay aligned.
        /// </summary>
        public static (string ProcessIds, string ProcessNames) Columns(IEnumerable<Endpoint> endpoints)
        {
            var pids = new List<string>();
            var names = new List<string>();
            var seen = new HashSet<int>();
            foreach (var endpoint in endpoints)
            {
                if (endpoint.ProcessId.HasValue && seen.Add(endpoint.ProcessId.Value))
                {
                    pids.Add(endpoint.ProcessId.Value.ToString(CultureInfo.InvariantCulture));
                    names.Add(endpoint.ProcessName ?? string.Empty);
                }
            }

            return (string.Join(", ", pids), string.Join(", ", names));
        }

        /// <summary>The PIDs, or null when any socket's owner is not visible (then "different processes" cannot be claimed).</summary>
        public static HashSet<int>? KnownPids(IEnumerable<Endpoint> endpoints)
        {
            var pids = new HashSet<int>();
            foreach (var endpoint in endpoints)
            {
                if (!endpoint.ProcessId.HasValue)
                {
                    return null;
                }

                pids.Add(endpoint.ProcessId.Value);
            }

            return pids;
        }

        /// <summary>True when every socket has a visible owner with the same process name (the workers of one server).</summary>
        public static bool SameProgram(IEnumerable<Endpoint> endpoints)
        {
            string? name = null;
            foreach (var endpoint in endpoints)
            {
                if (string.IsNullOrEmpty(endpoint.ProcessName))
                {
                    return false;
                }

                if (name == null)
                {
                    name = endpoint.ProcessName;
                }
                else if (name != endpoint.ProcessName)
                {
                    return false;
                }
            }

            return name != null;
        }
    }
}
