using System;
using System.Collections.Generic;
using System.Linq;

namespace LoopbackTools.Policy
{
    /// <summary>A validated allow-list of listeners, read from one policy file.</summary>
    internal sealed class LoopbackPolicy
    {
        public LoopbackPolicy(string path, IReadOnlyList<AllowedListener> listeners, string? description)
        {
            Path = path;
            Listeners = listeners;
            Description = description;
        }

        public string Path { get; }

        public IReadOnlyList<AllowedListener> Listeners { get; }

        public string? Description { get; }

        public bool Allows(Endpoint endpoint)
        {
            var startedAs = StartedAsOf(endpoint);
            return Listeners.Any(l => l.Allows(endpoint, startedAs));
        }

        /// <summary>
        /// Why a listener the policy does not allow is refused: the nearest entry (same port, wrong exposure or
        /// process) when there is one, so the finding says what to fix; plain "no entry" otherwise.
        /// </summary>
        public string Explain(Endpoint endpoint)
        {
            var startedAs = StartedAsOf(endpoint);
            foreach (var entry in Listeners)
            {
                if (!entry.CoversPort(endpoint))
                {
                    continue;
                }

                string where = $"the entry on line {entry.Line} (port {entry.PortText})";
                if (!entry.AllowsExposure(endpoint))
                {
                    return $"{where} allows exposure {string.Join(" or ", entry.Exposures!.OrderBy(e => e))}, not {endpoint.Exposure}";
                }

                if (!entry.AllowsProcess(endpoint, startedAs))
                {
                    // Both sides are untrusted text that ends up in a finding's Message: escaped like every owner name.
                    string allowed = string.Join(" or ", entry.Processes.Select(p => TerminalText.Escape(p.ToString())));
                    return $"{where} allows process {allowed}, not {Compared(endpoint, entry, startedAs.Value)}";
                }
            }

            return "no entry of the policy covers this port and protocol";
        }

        private static Lazy<string?> StartedAsOf(Endpoint endpoint) =>
            new Lazy<string?>(() => StartedAs.PathOf(endpoint.CommandLine, endpoint.ProcessPath));

        // What the entry's patterns were compared with: a path entry with the executable (and the symlink it was
        // started by), a name entry with the process name. Saying "redis-server" for a path mismatch hid the reason.
        private static string Compared(Endpoint endpoint, AllowedListener entry, string? startedAs)
        {
            var parts = new List<string>(2);
            if (entry.Processes.Any(p => p.MatchesPath))
            {
                parts.Add(endpoint.ProcessPath == null
                    ? "an executable path that cannot be seen"
                    : $"the executable {TerminalText.Escape(endpoint.ProcessPath)}"
                        + (startedAs == null ? string.Empty : $" (started as {TerminalText.Escape(startedAs)})"));
            }

            if (entry.Processes.Any(p => !p.MatchesPath))
            {
                parts.Add(endpoint.ProcessName == null && endpoint.ProcessPath == null
                    ? "an owner that cannot be seen"
                    : $"the process name {TerminalText.Escape(endpoint.ProcessName ?? endpoint.ProcessPath)}");
            }

            return string.Join(" or ", parts);
        }
    }
}
