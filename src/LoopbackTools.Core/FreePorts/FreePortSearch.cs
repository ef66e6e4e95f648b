using System.Collections.Generic;

namespace LoopbackTools.FreePorts
{
    /// <summary>What a search found and what it skipped, so the cmdlet can explain itself in -Verbose and in errors.</summary>
    internal sealed class FreePortSearch
    {
        public FreePortSearch(IReadOnlyList<FreePort> ports, IReadOnlyList<PortRange> avoided, string rangeText, int candidates, int checkedCount,
            IReadOnlyList<string> notes, IReadOnlyList<string> warnings)
        {
            Ports = ports;
            Avoided = avoided;
            RangeText = rangeText;
            Candidates = candidates;
            Checked = checkedCount;
            Notes = notes;
            Warnings = warnings;
        }

        public IReadOnlyList<FreePort> Ports { get; }

        /// <summary>The OS ranges left out of the search (ephemeral, reserved, privileged, excluded).</summary>
        public IReadOnlyList<PortRange> Avoided { get; }

        /// <summary>The ports searched, as the user would write them.</summary>
        public string RangeText { get; }

        /// <summary>Ports left to try once the avoided ranges were taken out.</summary>
        public int Candidates { get; }

        /// <summary>Ports actually tried before the search had enough.</summary>
        public int Checked { get; }

        /// <summary>Facts for -Verbose: fallbacks taken, families left out.</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>
        /// Why the candidates that were tried are not free, as a clause: "every candidate is in use", or that they are
        /// privileged ports this process may not bind.
        /// </summary>
        public string Shortfall { get; set; } = "every candidate is in use";

        /// <summary>What the caller should know about the ports returned (for example that they sit in the ephemeral range).</summary>
        public IReadOnlyList<string> Warnings { get; }
    }
}
