using System;
using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The name Test-LocalPort probes for one piped object. Every object of this module carries ComputerName, the
    /// computer it describes (this machine's name), and that name may resolve to an address the service never bound
    /// (127.0.1.1 on Debian, the LAN address elsewhere): probing it would report a healthy 127.0.0.1 listener as refused.
    /// So an object of ours is probed where it was: a PortTestResult on the name it was probed with (Target), an
    /// Endpoint on its local address, or on localhost when it listens on every address. -ComputerName given on the
    /// command line always wins; other objects (Import-Csv rows) use their ComputerName as before.
    /// </summary>
    internal static class PipedProbeName
    {
        public static string Choose(string computerName, bool givenOnCommandLine, string? pipedTarget, string? pipedLocalAddress)
        {
            if (givenOnCommandLine)
            {
                return computerName;
            }

            if (!string.IsNullOrWhiteSpace(pipedTarget))
            {
                return pipedTarget!.Trim();
            }

            if (!string.IsNullOrWhiteSpace(pipedLocalAddress))
            {
                string text = pipedLocalAddress!.Trim();
                // A scope id (fe80::1%eth0) is kept: the resolver takes it as the literal address of that interface.
                string bare = text.Split('%')[0];
                return IPAddress.TryParse(bare, out var address) && AddressClassifier.IsWildcard(address) ? "localhost" : text;
            }

            return computerName;
        }
    }
}
