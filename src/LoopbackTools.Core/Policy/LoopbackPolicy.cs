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

        public bool Allows(Endpoint endpoint) => Listeners.Any(l => l.Allows(endpoint));

        /// <summary>
        /// Why a listener the policy does not allow is refused: the nearest entry (same port, wrong exposure or
        /// process) when there is one, so the finding says what to fix; plain "no entry" otherwise.
        /// </summary>
        public string Explain(Endpoint endpoint)
        {
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

                if (!entry.AllowsProcess(endpoint))
                {
                    // Both sides are untrusted text that ends up in a finding's Message: escaped like every owner name.
                    string owner = TerminalText.Escape(endpoint.ProcessName ?? endpoint.ProcessPath) ?? "an owner that cannot be seen";
                    string allowed = string.Join(" or ", entry.Processes.Select(p => TerminalText.Escape(p.ToString())));
                    return $"{where} allows process {allowed}, not {owner}";
                }
            }

            return "no entry of the policy covers this port and protocol";
        }
    }
}
