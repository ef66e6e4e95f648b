using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LoopbackTools.Conflicts
{
    /// <summary>
    /// Names the processes behind endpoints the way a person would in a sentence: "python3 (PID 12) on 127.0.0.1:8080".
    /// Every process name goes into a sentence through <see cref="Process"/>, which escapes its control characters: the
    /// name is chosen by whoever started the process, and the sentence ends up in Message and Explanation properties that
    /// Format-List, Write-Host and log files print as they are. The raw name stays in the ProcessName properties.
    /// </summary>
    internal static class OwnerText
    {
        /// <summary>
        /// "python3 (PID 12)", "PID 12", "no process (TIME_WAIT)", "an unknown process (socket of user redis)" or
        /// "an unknown process".
        /// </summary>
        public static string Describe(Endpoint endpoint)
        {
            if (endpoint.ProcessId.HasValue)
            {
                return Process(endpoint.ProcessId.Value, endpoint.ProcessName);
            }

            if (endpoint.State == SocketState.TimeWait)
            {
                return "no process (TIME_WAIT)";
            }

            // The kernel's socket uid survives when the process does not show (another user's, without root).
            return endpoint.UserName == null ? "an unknown process" : $"an unknown process (socket of user {endpoint.UserName})";
        }

        /// <summary>"python3 (PID 12)", or "PID 12" when the name could not be read; control characters escaped (\x1b).</summary>
        public static string Process(int processId, string? processName)
        {
            string pid = processId.ToString(CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(processName) ? "PID " + pid : $"{TerminalText.Escape(processName)} (PID {pid})";
        }

        /// <summary>
        /// "python3 (PID 12) listens on 127.0.0.1:8080 and [::1]:8080, and node (PID 40) listens on [::]:8080": one clause
        /// per owner, joined by <paramref name="relation"/> ("on" by default).
        /// </summary>
        public static string DescribeAll(IReadOnlyList<Endpoint> endpoints, string relation = "on")
        {
            // Sockets without a visible owner are never merged: two of them may well be two processes.
            var order = new List<object>();
            var names = new Dictionary<object, string>();
            var places = new Dictionary<object, List<string>>();
            foreach (var endpoint in endpoints)
            {
                object key = endpoint.ProcessId.HasValue ? endpoint.ProcessId.Value : (object)("socket "
                    + endpoint.SocketId.ToString(CultureInfo.InvariantCulture) + " " + order.Count.ToString(CultureInfo.InvariantCulture));
                if (!places.TryGetValue(key, out var list))
                {
                    list = new List<string>();
                    places[key] = list;
                    names[key] = Describe(endpoint);
                    order.Add(key);
                }

                string place = EndpointText.Format(endpoint.LocalAddress, endpoint.LocalPort);
                if (!list.Contains(place))
                {
                    list.Add(place);
                }
            }

            var clauses = new List<string>(order.Count);
            foreach (object key in order)
            {
                clauses.Add(names[key] + " " + relation + " " + Join(places[key], "and"));
            }

            return clauses.Count > 2 || (clauses.Count == 2 && (places[order[0]].Count > 1 || places[order[1]].Count > 1))
                ? JoinClauses(clauses)
                : Join(clauses, "and");
        }

        /// <summary>"python3 (PID 12) and node (PID 40)": each owner once; sockets without a visible owner each count.</summary>
        public static string DescribeOwners(IReadOnlyList<Endpoint> endpoints)
        {
            var seen = new HashSet<int>();
            var names = new List<string>();
            foreach (var endpoint in endpoints)
            {
                if (!endpoint.ProcessId.HasValue || seen.Add(endpoint.ProcessId.Value))
                {
                    names.Add(Describe(endpoint));
                }
            }

            return Join(names, "and");
        }

        /// <summary>Clauses that contain "and" themselves need a comma before the last one to stay readable.</summary>
        private static string JoinClauses(IReadOnlyList<string> clauses)
        {
            var sb = new StringBuilder(clauses[0]);
            for (int i = 1; i < clauses.Count; i++)
            {
                sb.Append(i == clauses.Count - 1 ? ", and " : ", ").Append(clauses[i]);
            }

            return sb.ToString();
        }

        /// <summary>"a", "a and b", "a, b and c".</summary>
        public static string Join(IReadOnlyList<string> items, string conjunction)
        {
            if (items.Count == 0)
            {
                return string.Empty;
            }

            var sb = new StringBuilder(items[0]);
            for (int i = 1; i < items.Count; i++)
            {
                sb.Append(i == items.Count - 1 ? " " + conjunction + " " : ", ").Append(items[i]);
            }

            return sb.ToString();
        }
    }
}
