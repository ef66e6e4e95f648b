using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using LoopbackTools.Errors;
using LoopbackTools.Policy;
using LoopbackTools.Remoting;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// Turns one invocation of a cmdlet with -Session into what each host receives: the parameters as they were bound
    /// here (never re-derived, so every filter means on the host what it means here), the pipeline input record by
    /// record, rows paired with the host they name, and local files (a policy, baseline files) read here.
    /// </summary>
    internal static class RemoteCalls
    {
        // Parameters of the call itself, or whose effect happens here (errors, warnings and variables are the caller's).
        private static readonly HashSet<string> LocalOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Session", "ThrottleLimit", "CopyModule", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
            "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "Debug",
            "WhatIf", "Confirm",
        };

        public static List<HostCall> Build(
            PSCmdlet cmdlet,
            IReadOnlyList<PSSession> sessions,
            RemoteOptions options,
            IDictionary<string, object?> commandLine,
            IReadOnlyList<Dictionary<string, object?>> records,
            LoopbackPolicy? policy)
        {
            var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in commandLine)
            {
                if (!LocalOnly.Contains(pair.Key) || (options.SendThrottleLimit && pair.Key == "ThrottleLimit"))
                {
                    parameters[pair.Key] = pair.Value;
                }
            }

            var dataFiles = PolicyFiles(cmdlet, options, parameters, policy);
            ReadBaselineFiles(cmdlet, options, parameters);

            var hosts = sessions.Select(s => s.ComputerName).ToList();
            var rowsByHost = PairRows(cmdlet, options, parameters, hosts);
            var inputByHost = PipelineInput(cmdlet, options, records, hosts);
            bool allowEmpty = AllowsEmpty(commandLine);

            var calls = new List<HostCall>();
            for (int i = 0; i < sessions.Count; i++)
            {
                var sent = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var pair in parameters)
                {
                    sent[pair.Key] = Wire(pair.Value);
                }

                bool skip = false;
                foreach (var pair in rowsByHost)
                {
                    var rows = pair.Value.RowsByHost[i];
                    if (rows.Count == 0 && pair.Value.Total > 0 && pair.Key == options.BaselineParameter && !allowEmpty)
                    {
                        cmdlet.WriteError(ErrorRecords.Create(ErrorCatalogue.BaselineEmpty, hosts[i],
                            RemoteHostText.NoRowsForHost(hosts[i], "-" + pair.Key, pair.Value.Total, pair.Value.Names)));
                        skip = true;
                    }

                    sent[pair.Key] = rows.Select(Wire).ToArray();
                }

                if (!skip)
                {
                    calls.Add(new HostCall(sessions[i], sent, inputByHost[i], cmdlet.MyInvocation.ExpectingInput, dataFiles));
                }
            }

            return calls;
        }

        /// <summary>
        /// A value as it travels: switches as booleans, enums by name (an older or newer host parses a name, not a
        /// number), arrays element by element. Rows (custom and deserialized objects) keep their properties.
        /// </summary>
        public static object? Wire(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case SwitchParameter s:
                    return s.IsPresent;
                case PSObject row when row.BaseObject is PSCustomObject:
                    return row;
                case PSObject wrapped:
                    return Wire(wrapped.BaseObject);
                case Enum e:
                    return e.ToString();
                case string or byte[]:
                    return value;
                case Array array:
                    return array.Cast<object?>().Select(Wire).ToArray();
                default:
                    return value;
            }
        }

        // The policy the cmdlet read and checked here (a bad, missing or ambiguous one was refused before any host was
        // contacted) goes to every host as bytes; the host writes them to a private temporary folder for the call and
        // passes that file as -LiteralPolicy, so a name with [ ] or * means no pattern there. The path parameters stay here.
        private static Hashtable? PolicyFiles(
            PSCmdlet cmdlet, RemoteOptions options, Dictionary<string, object?> parameters, LoopbackPolicy? policy)
        {
            foreach (string? name in new[] { options.PolicyParameter, options.LiteralPolicyParameter })
            {
                if (name != null)
                {
                    parameters.Remove(name);
                }
            }

            if (policy == null)
            {
                return null;
            }

            cmdlet.WriteVerbose(
                $"Policy '{TerminalText.Escape(policy.Path)}' ({policy.Listeners.Count} listener entries) is read here and sent to every host.");
            return new Hashtable
            {
                [options.LiteralPolicyParameter ?? options.PolicyParameter!] =
                    new Hashtable { ["Name"] = Path.GetFileName(policy.Path), ["Bytes"] = File.ReadAllBytes(policy.Path) },
            };
        }

        private static bool AllowsEmpty(IDictionary<string, object?> parameters) =>
            parameters.TryGetValue("AllowEmptyBaseline", out var allow) && allow is SwitchParameter { IsPresent: true };

        private static void ReadBaselineFiles(PSCmdlet cmdlet, RemoteOptions options, Dictionary<string, object?> parameters)
        {
            List<object>? rows = null;
            foreach (var file in options.BaselineFileParameters)
            {
                if (parameters.TryGetValue(file.Key, out var paths))
                {
                    rows ??= new List<object>();
                    rows.AddRange(BaselineRowReader.Read(cmdlet, paths, file.Value, AllowsEmpty(parameters)));
                    parameters.Remove(file.Key);
                }
            }

            if (rows != null)
            {
                parameters[options.BaselineParameter!] = rows.ToArray();
            }
        }

        private static Dictionary<string, HostPairing<object>> PairRows(
            PSCmdlet cmdlet, RemoteOptions options, Dictionary<string, object?> parameters, List<string> hosts)
        {
            var paired = new Dictionary<string, HostPairing<object>>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in options.RowParameters)
            {
                if (parameters.TryGetValue(name, out var value))
                {
                    var pairing = HostPairing.Pair(hosts, Rows(value), ComputerNameOf);
                    if (pairing.UnmatchedNames.Count > 0)
                    {
                        cmdlet.WriteWarning(RemoteHostText.UnmatchedRows("-" + name, pairing.UnmatchedNames));
                    }

                    paired[name] = pairing;
                }
            }

            return paired;
        }

        private static List<object?>[] PipelineInput(
            PSCmdlet cmdlet, RemoteOptions options, IReadOnlyList<Dictionary<string, object?>> records, List<string> hosts)
        {
            var input = hosts.Select(_ => new List<object?>()).ToArray();
            var hostIndex = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < hosts.Count; i++)
            {
                if (!hostIndex.TryGetValue(hosts[i], out var list))
                {
                    hostIndex[hosts[i]] = list = new List<int>();
                }

                list.Add(i);
            }

            foreach (var record in records)
            {
                // A piped ComputerName naming one of the hosts sends the record there only, for that host's own name
                // (localhost): Get-LoopbackEndpoint -Session $s | Test-LocalPort -Session $s tests each host's listeners.
                IEnumerable<int> targets = Enumerable.Range(0, hosts.Count);
                var routed = record;
                if (options.RouteParameter != null && record.TryGetValue(options.RouteParameter, out var route)
                    && route != null && hostIndex.TryGetValue(route.ToString()!, out var routedTo))
                {
                    targets = routedTo;
                    routed = new Dictionary<string, object?>(record, StringComparer.OrdinalIgnoreCase);
                    routed.Remove(options.RouteParameter);
                }

                foreach (int i in targets)
                {
                    var forHost = RowsForHost(options, routed, hosts[i]);
                    if (forHost != null)
                    {
                        input[i].AddRange(PipelineObjects(cmdlet, forHost));
                    }
                }
            }

            return input;
        }

        // The record with its row values narrowed to this host's rows; null when the record held rows, none of them its.
        private static Dictionary<string, object?>? RowsForHost(RemoteOptions options, Dictionary<string, object?> record, string host)
        {
            Dictionary<string, object?>? narrowed = null;
            foreach (var pair in record)
            {
                if (!options.RowParameters.Contains(pair.Key))
                {
                    continue;
                }

                var mine = Rows(pair.Value).Where(r =>
                {
                    string? name = ComputerNameOf(r)?.Trim();
                    return string.IsNullOrEmpty(name) || string.Equals(name, host, StringComparison.OrdinalIgnoreCase);
                }).ToArray();
                if (mine.Length == 0)
                {
                    return null;
                }

                narrowed ??= new Dictionary<string, object?>(record, StringComparer.OrdinalIgnoreCase);
                narrowed[pair.Key] = mine;
            }

            return narrowed ?? record;
        }

        /// <summary>
        /// A record as the host's pipeline receives it: a value bound by value here is sent as itself (each element),
        /// so the host binds it the same way; values bound by property name go as an object with those properties.
        /// </summary>
        private static IEnumerable<object?> PipelineObjects(PSCmdlet cmdlet, Dictionary<string, object?> record)
        {
            if (record.Count == 1)
            {
                var only = record.First();
                if (TakesPipelineValue(cmdlet.GetType(), only.Key))
                {
                    var value = only.Value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : only.Value;
                    if (value is Array array && !(value is byte[]))
                    {
                        return array.Cast<object?>().Select(Wire).ToList();
                    }

                    return new[] { Wire(value) };
                }
            }

            var bag = new PSObject();
            foreach (var pair in record)
            {
                bag.Properties.Add(new PSNoteProperty(pair.Key, Wire(pair.Value)));
            }

            return new object?[] { bag };
        }

        private static bool TakesPipelineValue(Type cmdlet, string parameter)
        {
            var property = cmdlet.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            return property != null && property.GetCustomAttributes<ParameterAttribute>(true).Any(a => a.ValueFromPipeline);
        }

        private static IEnumerable<object> Rows(object? value)
        {
            value = value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
            if (value is IEnumerable many && !(value is string))
            {
                foreach (var item in many)
                {
                    // ConvertFrom-Json may hand an array as one object: its elements are the rows.
                    var inner = item is PSObject p ? p.BaseObject : item;
                    if (inner is object[] nested)
                    {
                        foreach (var element in nested)
                        {
                            if (element != null)
                            {
                                yield return element;
                            }
                        }
                    }
                    else if (item != null)
                    {
                        yield return item;
                    }
                }
            }
            else if (value != null)
            {
                yield return value;
            }
        }

        private static string? ComputerNameOf(object row) => PSObject.AsPSObject(row).Properties["ComputerName"]?.Value?.ToString();
    }
}
