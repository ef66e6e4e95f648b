using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace LoopbackTools.Classification
{
    /// <summary>
    /// What clients of "name:port" meet when the port answers on one IP family only, judged from the system resolver's
    /// answer for the name (in its order). Find-PortConflict (LocalhostMismatch) and Test-LocalPort (its family-split
    /// warning) both speak from this one judgement, so they say the same thing with the same weight.
    /// </summary>
    /// <remarks>
    /// What clients do, measured here with localhost mapped to 127.0.0.1 only in /etc/hosts and a server on ::1 only:
    /// Node.js 20 and Python (getaddrinfo) dialled 127.0.0.1 alone and were refused; curl 7.88, which resolves
    /// localhost itself since 7.78, tried 127.0.0.1 then ::1 and connected. A refusal on loopback comes back at once,
    /// so a client that walks the resolver's list loses nothing; one that dials only the first address
    /// (java.net.Socket(host, port), Node.js before 20) fails.
    /// </remarks>
    internal sealed class LocalhostReach
    {
        private LocalhostReach(ConflictSeverity severity, string consequence)
        {
            Severity = severity;
            Consequence = consequence;
        }

        /// <summary>Error is never given: some client always gets through, since the port answers on a loopback address.</summary>
        public ConflictSeverity Severity { get; }

        /// <summary>One clause, starting with what the name resolves to and ending without a full stop.</summary>
        public string Consequence { get; }

        /// <summary>
        /// The judgement, or null when no client is turned away: both or neither family answers, the name does not
        /// resolve, or it resolves to the answering family only (clients that try the other family first for localhost
        /// are refused at once and go on).
        /// </summary>
        public static LocalhostReach? Judge(string name, IReadOnlyList<IPAddress> resolved, bool answersV4, bool answersV6, int port)
        {
            if (answersV4 == answersV6 || resolved.Count == 0)
            {
                return null;
            }

            var reached = answersV4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            IPAddress? firstReached = null;
            bool missedResolved = false;
            foreach (var a in resolved)
            {
                if (a.AddressFamily == reached)
                {
                    firstReached ??= a;
                }
                else
                {
                    missedResolved = true;
                }
            }

            string dialled = $"{name}:{port}";
            var first = resolved[0];
            if (firstReached == null)
            {
                string loopback = answersV4 ? "127.0.0.1" : "::1";
                string itself = string.Equals(name, "localhost", System.StringComparison.OrdinalIgnoreCase)
                    ? $"; only clients that try {loopback} for localhost on their own (curl 7.78 and later, web browsers) reach it"
                    : string.Empty;
                return new LocalhostReach(
                    ConflictSeverity.Warning,
                    $"'{name}' resolves to {Join(resolved)} only here, so clients that dial {dialled} through the system resolver "
                    + $"(getaddrinfo: Node.js, Python, Java, Go and most libraries) are refused on {Text(first)}{itself}");
            }

            if (!missedResolved)
            {
                return null;
            }

            if (first.AddressFamily != reached)
            {
                return new LocalhostReach(
                    ConflictSeverity.Warning,
                    $"'{name}' resolves to {Join(resolved)} here, {Text(first)} first, so clients that dial {dialled} are refused on "
                    + $"{Text(first)} and reach {Text(firstReached)} only if they go on to the next address, as most do at once; "
                    + "those that dial only the first address (java.net.Socket, Node.js before 20) fail");
            }

            return new LocalhostReach(
                ConflictSeverity.Info,
                $"'{name}' resolves to {Join(resolved)} here, {Text(first)} first, so clients that dial {dialled} reach it at once; "
                + $"only clients that choose the address family themselves and prefer {(answersV4 ? "IPv6" : "IPv4")} are refused first, and go on");
        }

        private static string Text(IPAddress address) => AddressText.Format(address);

        private static string Join(IReadOnlyList<IPAddress> addresses)
        {
            var text = new List<string>(addresses.Count);
            foreach (var a in addresses)
            {
                text.Add(Text(a));
            }

            return string.Join(", ", text);
        }
    }
}
