using System;
using System.Collections.Generic;

namespace LoopbackTools.Inventory
{
    /// <summary>
    /// What the ports and process ids given to one invocation select, decided the way record-by-record processing
    /// would decide it. Our cmdlets gather pipeline input and answer it with one table read at the end, which must
    /// never answer more than PowerShell's own model: each ProcessRecord call is one selector (the filters bound in
    /// it, all of which a row must satisfy), a row is selected when some selector matches it, and an invocation
    /// whose ProcessRecord never ran (the upstream command wrote nothing, or every piped object failed binding)
    /// selects nothing. "No filter" exists only when nothing is piped at all: the one call PowerShell then makes,
    /// with nothing bound, selects everything. Without this, `Get-Process -Name nosuch | Get-LoopbackEndpoint |
    /// Stop-Process` would stop every listening service.
    /// </summary>
    internal sealed class PipelineSelection
    {
        // Selectors are folded as they arrive, so 65,535 piped ports or a thousand piped processes cost one set
        // lookup per row, not one pass over every record.
        private readonly HashSet<int> _portOnly = new HashSet<int>();
        private readonly HashSet<int> _idOnly = new HashSet<int>();
        private readonly Dictionary<int, List<HashSet<int>>> _portsById = new Dictionary<int, List<HashSet<int>>>();

        // A command-line -Port is the same array in every ProcessRecord call: turned into a set once.
        private IReadOnlyCollection<int>? _lastValues;
        private HashSet<int>? _lastSet;
        private bool _everything;
        private bool _any;

        /// <summary>How many ProcessRecord calls were seen.</summary>
        public int Records { get; private set; }

        /// <summary>How many of them carried a filter bound to no value, and so selected nothing.</summary>
        public int EmptyRecords { get; private set; }

        /// <summary>True when no row can be selected: the table need not be read.</summary>
        public bool SelectsNothing => !_any;

        /// <summary>True when some call bound no filter at all (the command line alone): every row the query keeps.</summary>
        public bool SelectsEverything => _everything;

        /// <summary>
        /// Records one ProcessRecord call. <paramref name="expectingInput"/> is MyInvocation.ExpectingInput: in a
        /// pipeline, a call that bound none of the filters (which PowerShell does not make for an object it cannot
        /// bind) is not a request for everything.
        /// </summary>
        public void Add(bool expectingInput, FilterInput localPorts, FilterInput processIds)
        {
            Records++;
            if (localPorts.IsEmpty || processIds.IsEmpty || (expectingInput && !localPorts.IsBound && !processIds.IsBound))
            {
                EmptyRecords++;
                return;
            }

            _any = true;
            if (!localPorts.IsBound && !processIds.IsBound)
            {
                _everything = true;
            }
            else if (!processIds.IsBound)
            {
                _portOnly.UnionWith(localPorts.Values);
            }
            else if (!localPorts.IsBound)
            {
                _idOnly.UnionWith(processIds.Values);
            }
            else
            {
                var ports = SetOf(localPorts.Values);
                foreach (int id in processIds.Values)
                {
                    if (!_portsById.TryGetValue(id, out var list))
                    {
                        list = new List<HashSet<int>>(1);
                        _portsById.Add(id, list);
                    }

                    if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], ports))
                    {
                        list.Add(ports);
                    }
                }
            }
        }

        /// <summary>
        /// Every local port some selector asks for, for the table read (which then only keeps these); null when some
        /// selector leaves the port open. A superset when selectors pair ports with ids: <see cref="Matches"/> is exact.
        /// </summary>
        public ISet<int>? LocalPorts
        {
            get
            {
                if (_everything || _idOnly.Count > 0)
                {
                    return null;
                }

                var union = new HashSet<int>(_portOnly);
                foreach (var list in _portsById.Values)
                {
                    list.ForEach(union.UnionWith);
                }

                return union;
            }
        }

        /// <summary>Every process id some selector asks for; null when some selector leaves the owner open.</summary>
        public ISet<int>? ProcessIds
        {
            get
            {
                if (_everything || _portOnly.Count > 0)
                {
                    return null;
                }

                var union = new HashSet<int>(_idOnly);
                union.UnionWith(_portsById.Keys);
                return union;
            }
        }

        /// <summary>True when some selector takes a row with this local port and owner (null: no visible owner).</summary>
        public bool Matches(int localPort, int? processId) =>
            MatchesAnyHolder(localPort, processId.HasValue ? new[] { processId.Value } : Array.Empty<int>());

        /// <summary>
        /// True when some selector takes a row with this local port held by these processes: any holder counts, so a
        /// piped pre-fork worker selects the listener it shares with its master, as -ProcessId does.
        /// </summary>
        public bool MatchesAnyHolder(int localPort, IReadOnlyCollection<int> holderIds)
        {
            if (_everything || _portOnly.Contains(localPort))
            {
                return true;
            }

            foreach (int processId in holderIds)
            {
                if (_idOnly.Contains(processId))
                {
                    return true;
                }

                if (_portsById.TryGetValue(processId, out var list))
                {
                    foreach (var ports in list)
                    {
                        if (ports.Contains(localPort))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private HashSet<int> SetOf(IReadOnlyCollection<int> values)
        {
            if (_lastSet == null || !ReferenceEquals(values, _lastValues))
            {
                _lastValues = values;
                _lastSet = new HashSet<int>(values);
            }

            return _lastSet;
        }
    }
}
