using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LoopbackTools.Classification;
using LoopbackTools.Errors;

namespace LoopbackTools.Policy
{
    /// <summary>
    /// Checks a parsed policy tree and builds the <see cref="LoopbackPolicy"/>. The first problem found stops it with a
    /// <see cref="PolicyException"/> naming the file, line and key, so an audit never runs on a half-read policy.
    /// </summary>
    internal static class PolicyValidator
    {
        public const string ListenersKey = "Listeners";
        public const string DescriptionKey = "Description";
        public const string PortKey = "Port";
        public const string ProtocolKey = "Protocol";
        public const string ExposureKey = "Exposure";
        public const string ProcessKey = "Process";
        public const string ContainerKey = "Container";

        private static readonly string[] RootKeys = { ListenersKey, DescriptionKey };
        private static readonly string[] EntryKeys = { PortKey, ProtocolKey, ExposureKey, ProcessKey, ContainerKey, DescriptionKey };

        public static LoopbackPolicy Validate(PolicyNode root, string file)
        {
            if (!(root is PolicyMap map))
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, file, root.Line, null,
                    $"the policy must be a hashtable (JSON: an object) with a '{ListenersKey}' key, not {root.Describe()}.");
            }

            var keys = Keys(map, RootKeys, file, null);
            if (!keys.TryGetValue(ListenersKey, out var listenersEntry))
            {
                throw new PolicyException(ErrorCatalogue.PolicyMissingKey, file, map.Line, ListenersKey,
                    $"the policy has no '{ListenersKey}' key; it lists the allowed listeners, for example Listeners = @( @{{ Port = 22 }} ).");
            }

            string? description = keys.TryGetValue(DescriptionKey, out var d) ? Text(d, file, DescriptionKey) : null;
            var items = listenersEntry.Value switch
            {
                PolicyList list => list.Items,
                // One hashtable instead of a list of one: what a user means by it is clear.
                PolicyMap single => new PolicyNode[] { single },
                _ => throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, file, listenersEntry.Line, ListenersKey,
                    $"'{ListenersKey}' must be a list of hashtables, not {listenersEntry.Value.Describe()}."),
            };

            var listeners = new List<AllowedListener>(items.Count);
            // A fleet policy repeats the same few process names on thousands of entries: compile each once.
            var patterns = new Dictionary<string, ProcessPattern>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                listeners.Add(Entry(items[i], i, file, patterns));
            }

            return new LoopbackPolicy(file, listeners, description);
        }

        private static AllowedListener Entry(PolicyNode node, int index, string file, Dictionary<string, ProcessPattern> patterns)
        {
            string at = $"{ListenersKey}[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (!(node is PolicyMap map))
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, file, node.Line, at,
                    $"each listener must be a hashtable such as @{{ Port = 6379; Exposure = 'LoopbackOnly' }}, not {node.Describe()}.");
            }

            var keys = Keys(map, EntryKeys, file, at);
            if (!keys.TryGetValue(PortKey, out var portEntry))
            {
                throw new PolicyException(ErrorCatalogue.PolicyMissingKey, file, map.Line, at,
                    $"the listener has no '{PortKey}' key (a number or a range such as '8000-8100').");
            }

            var (first, last) = Port(portEntry, file, at + "." + PortKey);
            var listener = new AllowedListener(index, map.Line, first, last);
            if (keys.TryGetValue(ProtocolKey, out var protocol))
            {
                listener.Protocols = Names<TransportProtocol>(protocol, file, at + "." + ProtocolKey, ErrorCatalogue.PolicyInvalidProtocol,
                    "protocol");
            }

            if (keys.TryGetValue(ExposureKey, out var exposure))
            {
                listener.Exposures = Names<Exposure>(exposure, file, at + "." + ExposureKey, ErrorCatalogue.PolicyInvalidExposure, "exposure");
            }

            if (keys.TryGetValue(ProcessKey, out var process))
            {
                listener.Processes = Processes(process, file, at + "." + ProcessKey, patterns);
            }

            if (keys.TryGetValue(ContainerKey, out var container))
            {
                listener.Containers = Containers(container, file, at + "." + ContainerKey);
            }

            if (keys.TryGetValue(DescriptionKey, out var description))
            {
                listener.Description = Text(description, file, at + "." + DescriptionKey);
            }

            return listener;
        }

        /// <summary>The map's keys by name (case-insensitive, like a hashtable); unknown and repeated keys are errors.</summary>
        private static Dictionary<string, PolicyMapEntry> Keys(PolicyMap map, string[] allowed, string file, string? at)
        {
            var keys = new Dictionary<string, PolicyMapEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in map.Entries)
            {
                string? known = allowed.FirstOrDefault(k => string.Equals(k, entry.Key, StringComparison.OrdinalIgnoreCase));
                string shown = PolicyText.Quote(entry.Key);
                string where = at == null ? shown : at + "." + shown;
                if (known == null)
                {
                    string hint = Closest(entry.Key, allowed) is string guess ? $" Did you mean '{guess}'?" : string.Empty;
                    throw new PolicyException(ErrorCatalogue.PolicyUnknownKey, file, entry.Line, where,
                        $"unknown key '{shown}'.{hint} Valid keys here: {string.Join(", ", allowed)}.");
                }

                if (keys.TryGetValue(known, out var earlier))
                {
                    throw new PolicyException(ErrorCatalogue.PolicyDuplicateKey, file, entry.Line, where,
                        $"the key '{known}' appears twice (first on line {earlier.Line}).");
                }

                keys[known] = entry;
            }

            return keys;
        }

        private static (int First, int Last) Port(PolicyMapEntry entry, string file, string at)
        {
            var node = entry.Value;
            int line = node.Line > 0 ? node.Line : entry.Line;
            object? value = (node as PolicyScalar)?.Value;
            switch (value)
            {
                case long whole:
                    return (CheckPort(whole, file, line, at, whole.ToString(CultureInfo.InvariantCulture)), (int)whole);
                case string text:
                    return PortText(text.Trim(), file, line, at);
                default:
                    throw new PolicyException(ErrorCatalogue.PolicyInvalidPort, file, line, at,
                        $"a port is a whole number from 1 to 65535 or a range such as '8000-8100', not {node.Describe()}.");
            }
        }

        private static (int First, int Last) PortText(string text, string file, int line, string at)
        {
            int dash = text.IndexOf('-', 1 < text.Length ? 1 : 0);
            if (dash < 0)
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long single))
                {
                    throw new PolicyException(ErrorCatalogue.PolicyInvalidPort, file, line, at,
                        $"'{PolicyText.Quote(text)}' is not a port; use a whole number from 1 to 65535 or a range such as '8000-8100'.");
                }

                int port = CheckPort(single, file, line, at, text);
                return (port, port);
            }

            string low = text.Substring(0, dash).Trim();
            string high = text.Substring(dash + 1).Trim();
            if (!long.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out long first)
                || !long.TryParse(high, NumberStyles.None, CultureInfo.InvariantCulture, out long last))
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidPortRange, file, line, at,
                    $"'{PolicyText.Quote(text)}' is not a port range; write it as 'low-high', for example '8000-8100'.");
            }

            if (first < 1 || last > 65535)
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidPortRange, file, line, at,
                    $"the range '{PolicyText.Quote(text)}' goes outside the ports 1 to 65535.");
            }

            if (first > last)
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidPortRange, file, line, at,
                    $"the range '{PolicyText.Quote(text)}' starts above its end; write the lower port first.");
            }

            return ((int)first, (int)last);
        }

        private static int CheckPort(long port, string file, int line, string at, string text)
        {
            if (port < 1 || port > 65535)
            {
                throw new PolicyException(ErrorCatalogue.PolicyInvalidPort, file, line, at, $"{text} is not a port; ports go from 1 to 65535.");
            }

            return (int)port;
        }

        private static ISet<T> Names<T>(PolicyMapEntry entry, string file, string at, ErrorDefinition problem, string what)
            where T : struct
        {
            var set = new HashSet<T>();
            foreach (var (node, text) in Strings(entry, file, at, problem, what))
            {
                // Names only: Enum.TryParse would also take "1" or "0,1".
                string? name = Enum.GetNames(typeof(T)).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (name == null)
                {
                    throw new PolicyException(problem, file, node.Line > 0 ? node.Line : entry.Line, at,
                        $"'{PolicyText.Quote(text)}' is not a valid {what}; use {string.Join(", ", Enum.GetNames(typeof(T)))}.");
                }

                set.Add((T)Enum.Parse(typeof(T), name));
            }

            return set;
        }

        private static IReadOnlyList<ProcessPattern> Processes(
            PolicyMapEntry entry, string file, string at, Dictionary<string, ProcessPattern> compiled)
        {
            var patterns = new List<ProcessPattern>();
            foreach (var (node, text) in Strings(entry, file, at, ErrorCatalogue.PolicyInvalidProcess, "process name or path"))
            {
                if (ProcessPattern.Problem(text) is string problem)
                {
                    throw new PolicyException(ErrorCatalogue.PolicyInvalidProcess, file, node.Line > 0 ? node.Line : entry.Line, at,
                        TerminalText.Escape(problem)!);
                }

                if (!compiled.TryGetValue(text, out var pattern))
                {
                    compiled[text] = pattern = new ProcessPattern(text);
                }

                patterns.Add(pattern);
            }

            return patterns;
        }

        /// <summary>Container name patterns: text with balanced [ ] classes, no '/' (a name is not a path).</summary>
        private static IReadOnlyList<string> Containers(PolicyMapEntry entry, string file, string at)
        {
            var patterns = new List<string>();
            foreach (var (node, text) in Strings(entry, file, at, ErrorCatalogue.PolicyInvalidContainer, "container name"))
            {
                string pattern = text.Trim();
                string? problem = ProcessPattern.Problem(pattern)?.Replace("process pattern", "container pattern")
                    ?? (pattern.IndexOf('/') >= 0 ? $"'{pattern}' is not a container name: names have no '/'." : null);
                if (problem != null)
                {
                    int line = node.Line > 0 ? node.Line : entry.Line;
                    throw new PolicyException(ErrorCatalogue.PolicyInvalidContainer, file, line, at, TerminalText.Escape(problem)!);
                }

                patterns.Add(pattern);
            }

            return patterns;
        }

        /// <summary>One string or a non-empty list of strings.</summary>
        private static IEnumerable<(PolicyNode Node, string Text)> Strings(PolicyMapEntry entry, string file, string at, ErrorDefinition problem,
            string what)
        {
            var values = entry.Value is PolicyList list ? list.Items : new[] { entry.Value };
            if (values.Count == 0)
            {
                throw new PolicyException(problem, file, entry.Line, at,
                    $"the list is empty; give at least one {what}, or leave the key out to allow any.");
            }

            var result = new List<(PolicyNode, string)>(values.Count);
            foreach (var node in values)
            {
                if (!(node is PolicyScalar scalar) || !(scalar.Value is string text) || text.Trim().Length == 0)
                {
                    throw new PolicyException(problem, file, node.Line > 0 ? node.Line : entry.Line, at,
                        $"expected a {what} as text (or a list of them), not {node.Describe()}.");
                }

                result.Add((node, text));
            }

            return result;
        }

        private static string Text(PolicyMapEntry entry, string file, string at)
        {
            if (entry.Value is PolicyScalar scalar && scalar.Value is string text)
            {
                return text;
            }

            throw new PolicyException(ErrorCatalogue.PolicyInvalidValue, file, entry.Line, at,
                $"'{entry.Key}' must be text, not {entry.Value.Describe()}.");
        }

        /// <summary>The valid key within two edits of a typo ("Prot" → none, "Protocl" → Protocol), for the error message.</summary>
        private static string? Closest(string key, string[] allowed)
        {
            if (key.Length > 40)
            {
                return null;
            }

            string? best = null;
            int bestDistance = 3;
            foreach (var candidate in allowed)
            {
                int distance = EditDistance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }
}
