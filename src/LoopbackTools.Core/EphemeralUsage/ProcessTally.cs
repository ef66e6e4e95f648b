using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Conflicts;

namespace LoopbackTools.EphemeralUsage
{
    /// <summary>Counts sockets per owning process and names the busiest few.</summary>
    internal sealed class ProcessTally
    {
        private readonly Dictionary<int, int> _counts = new Dictionary<int, int>();
        private readonly Dictionary<int, string?> _names = new Dictionary<int, string?>();

        public void Add(Endpoint endpoint)
        {
            if (!endpoint.ProcessId.HasValue)
            {
                return;
            }

            int pid = endpoint.ProcessId.Value;
            _counts.TryGetValue(pid, out int n);
            _counts[pid] = n + 1;
            if (!_names.ContainsKey(pid))
            {
                _names[pid] = endpoint.ProcessName;
            }
        }

        /// <summary>"python3 (PID 12) x40, curl (PID 9) x3": most sockets first, ties by PID.</summary>
        public string Top(int count)
        {
            var entries = new List<KeyValuePair<int, int>>(_counts);
            entries.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
            var parts = new List<string>();
            for (int i = 0; i < entries.Count && i < count; i++)
            {
                string who = OwnerText.Process(entries[i].Key, _names[entries[i].Key]);
                parts.Add($"{who} x{entries[i].Value.ToString(CultureInfo.InvariantCulture)}");
            }

            return string.Join(", ", parts);
        }
    }
}
