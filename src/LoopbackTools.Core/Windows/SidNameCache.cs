using System;
using System.Collections.Generic;
using LoopbackTools.Native;

namespace LoopbackTools.Windows
{
    /// <summary>Looks up the account name of a SID: DOMAIN\name, or the SID's text; an ERROR_* code.</summary>
    internal delegate uint SidLookup(byte[] sid, out string? name);

    /// <summary>
    /// Account names by SID for one inventory (a cmdlet call, or a watch and all its polls). LookupAccountSidW may ask a
    /// domain controller over the network for a domain account, and the processes of one user share one SID, so each
    /// SID is asked once instead of once per process. Only names are kept: a SID whose lookup failed is asked again.
    /// </summary>
    internal sealed class SidNameCache
    {
        private readonly SidLookup _lookup;
        private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.Ordinal);

        public SidNameCache(SidLookup lookup)
        {
            _lookup = lookup;
        }

        /// <summary>How many times the underlying lookup ran (for tests).</summary>
        public int Lookups { get; private set; }

        public uint NameOf(byte[] sid, out string? name)
        {
            string key = Convert.ToBase64String(sid);
            lock (_names)
            {
                if (_names.TryGetValue(key, out var known))
                {
                    name = known;
                    return WinError.ERROR_SUCCESS;
                }

                Lookups++;
            }

            uint error = _lookup(sid, out name);
            if (error == WinError.ERROR_SUCCESS && name != null)
            {
                lock (_names)
                {
                    _names[key] = name;
                }
            }

            return error;
        }
    }
}
