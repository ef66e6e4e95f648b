using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;
using LoopbackTools.Conflicts;
using LoopbackTools.Ranges;

namespace LoopbackTools.PortLookup
{
    /// <summary>Puts together everything known about one port and protocol, and says it in sentences.</summary>
    internal static class PortInfoBuilder
    {
        /// <param name="endpoints">Sockets of the machine; only those with the port and protocol are looked at.</param>
        public static PortInfo Build(ParsedEndpoint parsed, TransportProtocol protocol, IReadOnlyList<Endpoint> endpoints,
            PortEnvironment environment, ServiceNames services)
        {
            int port = parsed.Port;
            var targets = Targets(parsed, environment);
            var info = new PortInfo
            {
                Input = parsed.Input,
                Protocol = protocol,
                Address = parsed.IsLocalhost ? "localhost" : (parsed.Address == null ? string.Empty : AddressText.Format(parsed.Address)),
                AddressKind = KindOf(parsed),
                ResolvedAddresses = string.Join(", ", Texts(targets)),
                Port = port,
                PortCategory = AddressClassifier.CategoryOf(port),
                Service = services.Lookup(port, protocol),
            };

            var ephemeral = environment.FindRange(protocol, port, PortRangeKind.Ephemeral);
            var reserved = environment.FindRange(protocol, port, PortRangeKind.Reserved);
            var excluded = environment.FindRange(protocol, port, PortRangeKind.Excluded);
            var privileged = environment.FindRange(protocol, port, PortRangeKind.Privileged);
            info.InEphemeralRange = ephemeral != null;
            info.InReservedRange = reserved != null;
            info.InExcludedRange = excluded != null;
            info.IsPrivileged = privileged != null;
            info.Ranges = RangeList(ephemeral, reserved, excluded, privileged);

            var listeners = new List<Endpoint>();
            var connections = new List<Endpoint>();
            var timeWait = new List<Endpoint>();
            var allListenersOnPort = new List<Endpoint>();
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Protocol != protocol || endpoint.LocalPort != port)
                {
                    continue;
                }

                bool listener = ListenerStates.Contains(endpoint.State);
                if (listener)
                {
                    allListenersOnPort.Add(endpoint);
                }

                if (!Concerns(endpoint, parsed, targets))
                {
                    continue;
                }

                (listener ? listeners : endpoint.State == SocketState.TimeWait ? timeWait : connections).Add(endpoint);
            }

            var involved = new List<Endpoint>(listeners);
            involved.AddRange(connections);
            involved.AddRange(timeWait);
            info.Listeners = listeners.Count;
            info.Connections = connections.Count;
            info.TimeWait = timeWait.Count;
            info.Endpoints = new EndpointList(involved);
            (info.ProcessId, info.ProcessName) = Conflicts.Owners.Columns(involved);

            var text = new List<string>
            {
                CategorySentence(protocol, port, info.Service),
            };
            string? addressSentence = AddressSentence(parsed, targets);
            if (addressSentence != null)
            {
                text.Add(addressSentence);
            }

            AddRangeSentences(text, ephemeral, reserved, excluded, privileged, environment);
            AddUsageSentences(text, protocol, listeners, connections, timeWait, parsed);
            if (parsed.Address != null || parsed.IsLocalhost)
            {
                text.Add(ReachSentence(protocol, port, parsed, targets, allListenersOnPort));
            }

            foreach (var conflict in ConflictAnalyzer.Analyze(allListenersOnPort, environment))
            {
                if (conflict.Kind != ConflictKind.EphemeralRange)
                {
                    text.Add($"{conflict.Kind}: {conflict.Message}");
                }
            }

            info.Explanation = string.Join(" ", text);
            return info;
        }

        public static AddressKind KindOf(ParsedEndpoint parsed)
        {
            if (parsed.IsLocalhost)
            {
                return AddressKind.Localhost;
            }

            var address = parsed.Address;
            if (address == null)
            {
                return AddressKind.None;
            }

            if (AddressClassifier.IsWildcard(address))
            {
                return AddressKind.Wildcard;
            }

            if (AddressClassifier.IsLoopback(address))
            {
                bool v4 = address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;
                return v4 ? AddressKind.IPv4Loopback : AddressKind.IPv6Loopback;
            }

            return AddressKind.Other;
        }

        /// <summary>The addresses a client of this endpoint would dial, in order; empty for a bare port.</summary>
        private static IReadOnlyList<IPAddress> Targets(ParsedEndpoint parsed, PortEnvironment environment)
        {
            if (parsed.IsLocalhost)
            {
                return environment.LocalhostAddresses;
            }

            return parsed.Address != null ? new[] { parsed.Address } : new IPAddress[0];
        }

        /// <summary>A bare port concerns every socket on it; an address concerns the sockets a bind there would surely collide with.</summary>
        private static bool Concerns(Endpoint endpoint, ParsedEndpoint parsed, IReadOnlyList<IPAddress> targets)
        {
            if (parsed.Address == null && !parsed.IsLocalhost)
            {
                return true;
            }

            foreach (var target in targets)
            {
                if (BindOverlap.Of(endpoint.LocalAddress, target) == Overlap.Certain)
                {
                    return true;
                }
            }

            return false;
        }

        private static string CategorySentence(TransportProtocol protocol, int port, string? service)
        {
            string name = $"{PortSituation.ProtocolName(protocol)} port {port}" + (service != null ? $" ({service})" : string.Empty);
            return AddressClassifier.CategoryOf(port) switch
            {
                PortCategory.WellKnown => $"{name} is a well-known port (0-1023, assigned by IANA to system services).",
                PortCategory.Registered => $"{name} is a registered port "
                    + $"(1024-49151){(service == null ? ", with no service name in this machine's services file" : string.Empty)}.",
                _ => $"{name} is a dynamic port (49152-65535, IANA's range for private and automatic use).",
            };
        }

        private static string? AddressSentence(ParsedEndpoint parsed, IReadOnlyList<IPAddress> targets)
        {
            if (parsed.IsLocalhost)
            {
                return targets.Count == 0
                    ? "'localhost' does not resolve on this machine."
                    : $"'localhost' resolves to {string.Join(", ", Texts(targets))} here; clients try {targets[0]} first.";
            }

            var address = parsed.Address;
            if (address == null)
            {
                return null;
            }

            return KindOf(parsed) switch
            {
                AddressKind.IPv4Loopback => $"{AddressText.Format(address)} is IPv4 loopback: only this machine can reach it.",
                AddressKind.IPv6Loopback => $"{AddressText.Format(address)} is IPv6 loopback: only this machine can reach it.",
                AddressKind.Wildcard => address.AddressFamily == AddressFamily.InterNetwork
                    ? "0.0.0.0 is the IPv4 wildcard: a listener there answers on every IPv4 address of the machine, loopback included."
                    : ":: is the IPv6 wildcard: a listener there answers on every IPv6 address, and on IPv4 too when it is dual-stack.",
                _ => $"{AddressText.Format(address)} is neither loopback nor a wildcard: "
                    + "a listener there is reached only through that address's interface.",
            };
        }

        private static void AddRangeSentences(List<string> text, PortRange? ephemeral, PortRange? reserved, PortRange? excluded,
            PortRange? privileged, PortEnvironment environment)
        {
            if (ephemeral != null)
            {
                text.Add(reserved != null || excluded != null
                    ? $"It lies in the ephemeral range {RangeText.Describe(ephemeral)}, but it is kept out of automatic assignment, so outgoing "
                        + "connections never take it."
                    : $"It lies in the ephemeral range {RangeText.Describe(ephemeral)}: the OS gives such ports to outgoing connections, so one can "
                        + "take it while no server holds it.");
            }

            if (reserved != null)
            {
                text.Add($"It is reserved ({RangeText.Describe(reserved)}): never assigned automatically; explicit binds still work.");
            }

            if (excluded != null)
            {
                text.Add($"It lies in the {(excluded.Administered ? "administered " : string.Empty)}excluded range {RangeText.Describe(excluded)}: "
                    + "Windows refuses to bind it.");
            }

            if (privileged != null)
            {
                text.Add($"It is below the unprivileged-port start {privileged.EndPort + 1}: binding it needs root or CAP_NET_BIND_SERVICE, which "
                    + $"this process {(environment.CanBindPrivilegedPorts ? "has" : "lacks")}.");
            }
        }

        private static void AddUsageSentences(List<string> text, TransportProtocol protocol, List<Endpoint> listeners, List<Endpoint> connections,
            List<Endpoint> timeWait, ParsedEndpoint parsed)
        {
            string verb = protocol == TransportProtocol.Tcp ? "listens on" : "is bound to";
            if (listeners.Count > 0)
            {
                text.Add(OwnerText.DescribeAll(listeners, verb) + ".");
            }
            else if (connections.Count == 0 && timeWait.Count == 0)
            {
                text.Add(parsed.Address == null && !parsed.IsLocalhost
                    ? "No socket uses it right now."
                    : "No socket uses it at this address right now.");
                return;
            }
            else
            {
                text.Add(protocol == TransportProtocol.Tcp ? "Nothing listens on it." : "No unconnected socket is bound to it.");
            }

            if (connections.Count > 0)
            {
                text.Add(connections.Count == 1
                    ? $"1 connection uses it as its local port ({OwnerText.DescribeOwners(connections)})."
                    : $"{connections.Count} connections use it as their local port ({OwnerText.DescribeOwners(connections)}).");
            }

            if (timeWait.Count > 0)
            {
                text.Add(timeWait.Count == 1
                    ? "1 socket in TIME_WAIT holds it for up to 60 s."
                    : $"{timeWait.Count} sockets in TIME_WAIT hold it for up to 60 s.");
            }
        }

        /// <summary>"A client that dials localhost:3000 tries ::1 first (nothing answers), then 127.0.0.1 (python3 (PID 12) answers)."</summary>
        private static string ReachSentence(TransportProtocol protocol, int port, ParsedEndpoint parsed, IReadOnlyList<IPAddress> targets,
            List<Endpoint> listeners)
        {
            string dialled = parsed.IsLocalhost ? $"localhost:{port}" : EndpointText.Format(AddressText.Format(parsed.Address!), port);
            if (targets.Count == 0)
            {
                return $"A client that dials {dialled} cannot resolve it.";
            }

            var steps = new List<string>();
            foreach (var target in targets)
            {
                steps.Add($"{target} ({Answer(protocol, target, listeners)})");
            }

            return targets.Count == 1
                ? $"A client that dials {dialled} reaches {steps[0]}."
                : $"A client that dials {dialled} tries {steps[0]} first, then {string.Join(", then ", steps.GetRange(1, steps.Count - 1))}.";
        }

        /// <summary>Which listener the kernel hands a connection to this address: an exact bind beats a wildcard.</summary>
        private static string Answer(TransportProtocol protocol, IPAddress target, List<Endpoint> listeners)
        {
            Endpoint? wildcard = null;
            Endpoint? dualStack = null;
            foreach (var listener in listeners)
            {
                if (!IPAddress.TryParse(listener.LocalAddress, out var bound))
                {
                    continue;
                }

                if (bound.Equals(target))
                {
                    return OwnerText.Describe(listener) + " answers";
                }

                // The socket's own IPV6_V6ONLY, when the table has it, says whether a :: answers IPv4.
                switch (BindOverlap.Of(listener, target))
                {
                    case Overlap.Certain: wildcard ??= listener; break;
                    case Overlap.IfDualStack: dualStack ??= listener; break;
                }
            }

            if (wildcard != null)
            {
                bool viaV6 = wildcard.AddressFamily == IPFamily.IPv6 && target.AddressFamily == AddressFamily.InterNetwork;
                string dual = viaV6 ? " (dual-stack)" : string.Empty;
                return $"{OwnerText.Describe(wildcard)} answers on {wildcard.LocalAddress}{dual}";
            }

            if (dualStack != null)
            {
                return $"{OwnerText.Describe(dualStack)} answers on :: if that socket is dual-stack";
            }

            return protocol == TransportProtocol.Tcp ? "refused: nothing listens there" : "nothing is bound there";
        }

        private static string RangeList(params PortRange?[] ranges)
        {
            var parts = new List<string>();
            foreach (var range in ranges)
            {
                if (range != null)
                {
                    parts.Add($"{range.Kind} {range.StartPort}-{range.EndPort}" + (range.Administered ? " (administered)" : string.Empty));
                }
            }

            return string.Join("; ", parts);
        }

        private static List<string> Texts(IReadOnlyList<IPAddress> addresses)
        {
            var list = new List<string>(addresses.Count);
            foreach (var a in addresses)
            {
                list.Add(AddressText.Format(a));
            }

            return list;
        }
    }
}
