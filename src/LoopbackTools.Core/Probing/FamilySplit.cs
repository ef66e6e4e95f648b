using System.Collections.Generic;
using System.Linq;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The classic "works with 127.0.0.1, fails with localhost" trap: a name whose addresses span both IP families,
    /// with the server listening on only one. Clients that try the other family first get refused.
    /// </summary>
    internal static class FamilySplit
    {
        /// <summary>A warning for the results of one name, port and protocol; null when the families agree.</summary>
        public static string? Describe(IReadOnlyList<PortTestResult> results)
        {
            if (results.Count < 2)
            {
                return null;
            }

            var open = results.Where(r => r.Status == PortTestStatus.Open).ToList();
            var refused = results.Where(r => r.Status == PortTestStatus.Refused).ToList();
            if (open.Count == 0 || refused.Count == 0 || !open.Any(o => refused.Any(r => r.AddressFamily != o.AddressFamily)))
            {
                return null;
            }

            var first = results[0];
            string answers = string.Join(" and ", open.Select(r => r.Address));
            string fails = string.Join(" and ", refused.Select(r => r.Address));
            string protocol = first.Protocol.ToString().ToUpperInvariant();
            return $"'{TerminalText.Escape(first.Target)}' port {first.Port}/{protocol} answers on {answers} but is refused on {fails}. "
                + $"A client that tries {refused[0].Address} first gets 'connection refused' or falls back slowly: make the server listen on "
                + $"{fails} too (or on both families), or connect to {open[0].Address} explicitly.";
        }
    }
}
