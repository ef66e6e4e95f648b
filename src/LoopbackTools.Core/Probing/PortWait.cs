using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// One port of one local name that Wait-LocalPort waits for: open means some address of the name answers (a
    /// client tries them in turn and gets through); closed means every address refuses (or cannot be reached), so
    /// nothing holds the port any more. A probe that times out is neither: something holds the port without
    /// answering (a full accept queue on a busy machine), so it neither opens a wait nor closes one. Holds what the
    /// last probe round saw, for the answer or for the timeout message.
    /// </summary>
    internal sealed class PortWait
    {
        public PortWait(ResolvedHost host, int port, TransportProtocol protocol, bool untilClosed)
        {
            ComputerName = host.ComputerName;
            Port = port;
            Protocol = protocol;
            UntilClosed = untilClosed;
            Targets = host.Addresses.Select(a => new ProbeTarget(host.ComputerName, a, port, protocol)).ToList();
            ResolverAnswer = host.ResolverAnswer;
        }

        public string ComputerName { get; }

        public int Port { get; }

        public TransportProtocol Protocol { get; }

        public bool UntilClosed { get; }

        /// <summary>The name's addresses, in the order clients try them.</summary>
        public IReadOnlyList<ProbeTarget> Targets { get; }

        /// <summary>The system resolver's answer for the name, which decides whether a family split turns clients away.</summary>
        public IReadOnlyList<System.Net.IPAddress> ResolverAnswer { get; }

        public IReadOnlyList<PortTestResult> LastRound { get; private set; } = Array.Empty<PortTestResult>();

        /// <summary>"localhost port 8080/TCP".</summary>
        public string Name =>
            $"{TerminalText.Escape(ComputerName)} port {Port.ToString(CultureInfo.InvariantCulture)}/{Protocol.ToString().ToUpperInvariant()}";

        /// <summary>Records a round's results for this port's addresses; true when they are what the wait waits for.</summary>
        public bool Record(IReadOnlyList<PortTestResult> round)
        {
            LastRound = round;
            return UntilClosed
                ? round.All(r => r.Status == PortTestStatus.Refused || r.Status == PortTestStatus.Unreachable)
                : round.Any(r => r.IsOpen);
        }

        /// <summary>What the cmdlet returns once the wait is over: the addresses that answer, or (closed) every address.</summary>
        public IReadOnlyList<PortTestResult> Answer() => UntilClosed ? LastRound : LastRound.Where(r => r.IsOpen).ToList();

        /// <summary>The timeout error's message: what was waited for, the timeout, and what the last probe saw.</summary>
        public string TimeoutMessage(TimeSpan timeout)
        {
            string seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            string what = UntilClosed ? $"{Name} still answered after {seconds} s" : $"{Name} did not answer within {seconds} s";
            return LastRound.Count == 0
                ? $"{what}: no probe finished in that time."
                : $"{what}: the last probe found {string.Join(", ", LastRound.Select(Describe))}.";
        }

        private static string Describe(PortTestResult r)
        {
            string owner = r.ProcessName != null ? $" ({TerminalText.Escape(r.ProcessName)}, PID {r.ProcessId})" : string.Empty;
            bool unusual = r.Status != PortTestStatus.Open && r.Status != PortTestStatus.Refused;
            string detail = unusual && r.Detail != null ? $" ({r.Detail})" : string.Empty;
            return $"{r.Address} {r.Status}{owner}{detail}";
        }
    }
}
