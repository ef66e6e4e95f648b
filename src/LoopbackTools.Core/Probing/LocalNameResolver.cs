using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using LoopbackTools.Classification;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// Turns what a user typed for -ComputerName into this machine's addresses, or refuses it. Only names that are
    /// local by construction are accepted (localhost and *.localhost, this host's own name, names the hosts file
    /// maps), so an arbitrary name is refused without a DNS query ever leaving the machine.
    /// </summary>
    internal sealed class LocalNameResolver
    {
        private readonly LocalHostGuard _guard;
        private readonly HostsFile _hosts;
        private readonly IReadOnlyList<string> _hostNames;
        private readonly Func<string, IPAddress[]> _systemResolve;
        private readonly bool _ipv6Supported;

        public LocalNameResolver(LocalHostGuard guard, HostsFile hosts, IReadOnlyList<string> hostNames, Func<string, IPAddress[]> systemResolve,
            bool ipv6Supported)
        {
            _guard = guard;
            _hosts = hosts;
            _hostNames = hostNames;
            _systemResolve = systemResolve;
            _ipv6Supported = ipv6Supported;
        }

        public LocalHostGuard Guard => _guard;

        public static LocalNameResolver ForThisMachine() => new LocalNameResolver(
            LocalHostGuard.ForThisMachine(), HostsFile.ForCurrentPlatform(), ReadHostNames(), Dns.GetHostAddresses, Socket.OSSupportsIPv6);

        /// <summary>The addresses to probe for <paramref name="computerName"/>; throws <see cref="NotLocalHostException"/> for anything not on this
        /// machine.</summary>
        public ResolvedHost Resolve(string computerName)
        {
            string name = (computerName ?? string.Empty).Trim();
            if (name.Length == 0)
            {
                throw new NotLocalHostException(computerName ?? string.Empty, "The computer name is empty; use localhost, a loopback address or this "
                    + "host's name.");
            }

            if (IsAllDigits(name))
            {
                // IPAddress.TryParse would read "8080" as 0.0.31.144; what the user meant was a second port.
                throw new NotLocalHostException(computerName!, $"'{name}' is not a computer name or address. To test several ports, separate them "
                    + $"with commas: Test-LocalPort 80,{name}.");
            }

            if (SplitPort(name) is (string host, string port))
            {
                throw new NotLocalHostException(computerName!, $"'{name}' has a port in it: -ComputerName takes a name or address only. "
                    + $"Give the port with -Port, as in -Port {port} -ComputerName {host}.");
            }

            string literal = name.StartsWith("[", StringComparison.Ordinal) && name.EndsWith("]", StringComparison.Ordinal)
                ? name.Substring(1, name.Length - 2)
                : name;
            if (LooksLikeAddress(literal) && IPAddress.TryParse(literal, out var address))
            {
                if (!_guard.TryAdmit(address, out var admitted, out string refusal))
                {
                    throw new NotLocalHostException(computerName!, $"'{name}' is refused: {refusal} {LocalOnlyRule()}");
                }

                return new ResolvedHost(name, new[] { admitted }, Array.Empty<string>());
            }

            string bare = name.TrimEnd('.');
            if (IsLocalhostName(bare))
            {
                return ResolveLocalhost(name, bare);
            }

            var mapped = _hosts.Lookup(bare);
            if (mapped != null)
            {
                return Admit(name, mapped, "the hosts file");
            }

            if (_hostNames.Any(h => string.Equals(h, bare, StringComparison.OrdinalIgnoreCase)))
            {
                return Admit(name, SystemResolve(name, bare), "name resolution");
            }

            throw new NotLocalHostException(computerName!,
                $"'{name}' is not a name of this machine. {LocalOnlyRule()} Other names are not looked up, so that nothing is sent to another host.");
        }

        private ResolvedHost ResolveLocalhost(string name, string bare)
        {
            // RFC 6761: localhost names are loopback. Clients try what the resolver returns, in its order, and many
            // also try ::1 and 127.0.0.1 even when the hosts file lists only one, so both are always probed.
            var addresses = new List<IPAddress>();
            var warnings = new List<string>();
            var answer = new List<IPAddress>();
            if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var a in SystemResolveOrEmpty(bare))
                {
                    if (!answer.Contains(LocalHostGuard.Normalize(a)))
                    {
                        answer.Add(LocalHostGuard.Normalize(a));
                    }

                    var normalized = LocalHostGuard.Normalize(a);
                    if (!AddressClassifier.IsLoopback(normalized))
                    {
                        warnings.Add($"'{TerminalText.Escape(name)}' resolves to {AddressText.Format(normalized)}, which is not a loopback address: "
                            + "it was not probed. Check the hosts file.");
                    }
                    else if (!addresses.Contains(normalized) && (normalized.AddressFamily == AddressFamily.InterNetwork || _ipv6Supported))
                    {
                        addresses.Add(normalized);
                    }
                }
            }

            if (_ipv6Supported && !addresses.Contains(IPAddress.IPv6Loopback))
            {
                addresses.Add(IPAddress.IPv6Loopback);
            }

            if (!addresses.Contains(IPAddress.Loopback))
            {
                addresses.Add(IPAddress.Loopback);
            }

            // *.localhost names never reach the resolver (RFC 6761): clients that honour that use both loopback addresses.
            var probed = addresses.OrderBy(ClientRank).ToList();
            return new ResolvedHost(name, probed, warnings, answer.Count > 0 ? answer : probed);
        }

        private ResolvedHost Admit(string name, IReadOnlyList<IPAddress> candidates, string source)
        {
            var admitted = new List<IPAddress>();
            var warnings = new List<string>();
            var refusals = new List<string>();
            foreach (var candidate in candidates)
            {
                if (_guard.TryAdmit(candidate, out var local, out string refusal))
                {
                    if (!admitted.Contains(local))
                    {
                        admitted.Add(local);
                    }
                }
                else
                {
                    refusals.Add(refusal);
                    string other = AddressText.Format(LocalHostGuard.Normalize(candidate));
                    warnings.Add($"'{TerminalText.Escape(name)}' resolves through {source} to {other} as well, which is not on this machine: it was "
                        + "not probed.");
                }
            }

            if (admitted.Count == 0)
            {
                string why = refusals.Count > 0 ? string.Join(" ", refusals) : $"it resolves to no address through {source}.";
                throw new NotLocalHostException(name, $"'{name}' is refused: {why} {LocalOnlyRule()}");
            }

            return new ResolvedHost(name, admitted, warnings);
        }

        private IReadOnlyList<IPAddress> SystemResolve(string name, string bare)
        {
            try
            {
                return _systemResolve(bare);
            }
            catch (SocketException e)
            {
                throw new NotLocalHostException(name, $"'{name}' is this host's name but does not resolve here: {e.Message}");
            }
        }

        private IReadOnlyList<IPAddress> SystemResolveOrEmpty(string bare)
        {
            try
            {
                return _systemResolve(bare);
            }
            catch (SocketException)
            {
                return Array.Empty<IPAddress>();
            }
        }

        private string LocalOnlyRule()
        {
            string hostName = _hostNames.Count > 0 ? $", this host's name ('{_hostNames[0]}')" : string.Empty;
            return $"Only this machine can be probed: use localhost, a loopback address (127.0.0.0/8, ::1){hostName}, or one of its own addresses.";
        }

        // Dual-stack clients (RFC 6724) prefer ::1 over 127.0.0.1; listing in that order shows the one tried first.
        private static int ClientRank(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6 ? 0 : 1;

        private static bool IsLocalhostName(string name) =>
            string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

        private static bool LooksLikeAddress(string text) => text.IndexOf(':') >= 0 || text.All(c => c == '.' || (c >= '0' && c <= '9'));

        private static bool IsAllDigits(string text) => text.All(c => c >= '0' && c <= '9');

        /// <summary>
        /// "localhost:80", "127.0.0.1:80" or "[::1]:80" split into name and port; null for anything else, including
        /// IPv6 literals, whose colons are not ports.
        /// </summary>
        private static (string Host, string Port)? SplitPort(string name)
        {
            int colon = name.LastIndexOf(':');
            if (colon <= 0 || colon == name.Length - 1 || !IsAllDigits(name.Substring(colon + 1)))
            {
                return null;
            }

            string host = name.Substring(0, colon);
            bool bracketed = host.Length > 2 && host[0] == '[' && host[host.Length - 1] == ']';
            if (!bracketed && host.IndexOf(':') >= 0)
            {
                return null;
            }

            return (bracketed ? host.Substring(1, host.Length - 2) : host, name.Substring(colon + 1));
        }

        private static IReadOnlyList<string> ReadHostNames()
        {
            var names = new List<string>();
            void Add(string? n)
            {
                if (!string.IsNullOrEmpty(n) && !names.Contains(n!, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(n!);
                }
            }

            try
            {
                string host = Dns.GetHostName();
                Add(host);
                int dot = host.IndexOf('.');
                Add(dot > 0 ? host.Substring(0, dot) : null);
                var properties = IPGlobalProperties.GetIPGlobalProperties();
                if (!string.IsNullOrEmpty(properties.DomainName))
                {
                    Add(string.Format(CultureInfo.InvariantCulture, "{0}.{1}", properties.HostName, properties.DomainName));
                }
            }
            catch (Exception e) when (e is SocketException || e is NetworkInformationException || e is PlatformNotSupportedException)
            {
            }

            return names;
        }
    }
}
