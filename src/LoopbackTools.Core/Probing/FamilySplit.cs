using System.Collections.Generic;
using System.Linq;
using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The classic "works with 127.0.0.1, fails with localhost" trap: a name whose addresses span both IP families,
    /// with the server listening on only one. Whether clients are turned away is <see cref="LocalhostReach"/>'s
    /// judgement from the resolver's answer for the name, the one Find-PortConflict's LocalhostMismatch gives too.
    /// </summary>
    internal static class FamilySplit
    {
        /// <summary>
        /// A note for the results of one name, port and protocol; null when the families agree. <paramref name="resolved"/>
        /// is the system resolver's answer for the name, in its order (for localhost it may lack a family that was probed).
        /// </summary>
        public static FamilySplitNote? Describe(IReadOnlyList<PortTestResult> results, IReadOnlyList<IPAddress> resolved)
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
            bool v4 = open.Any(r => r.AddressFamily == IPFamily.IPv4);
            bool v6 = open.Any(r => r.AddressFamily == IPFamily.IPv6);
            string answers = string.Join(" and ", open.Select(r => r.Address));
            string fails = string.Join(" and ", refused.Select(r => r.Address));
            string protocol = first.Protocol.ToString().ToUpperInvariant();
            string split = $"'{TerminalText.Escape(first.Target)}' port {first.Port}/{protocol} answers on {answers} but is refused on {fails}";
            var reach = LocalhostReach.Judge(first.Target, resolved, v4, v6, first.Port);
            if (reach == null)
            {
                return new FamilySplitNote(
                    $"{split}. Clients that resolve '{TerminalText.Escape(first.Target)}' get {Join(resolved)} here and reach it; "
                    + $"one that tries {fails} first "
                    + "is refused at once and goes on.",
                    ConflictSeverity.Info);
            }

            return new FamilySplitNote(
                $"{split}: {reach.Consequence}. Make the server listen on {fails} too (or on both families), "
                    + $"or connect to {open[0].Address} explicitly.",
                reach.Severity);
        }

        private static string Join(IReadOnlyList<IPAddress> addresses) =>
            addresses.Count == 0 ? "no address" : string.Join(", ", addresses.Select(AddressText.Format));
    }
}
