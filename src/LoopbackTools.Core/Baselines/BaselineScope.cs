using System.Collections.Generic;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// Which of today's listeners a saved baseline can be compared with. A baseline is the output of
    /// Get-LoopbackEndpoint -Listening, which leaves out listeners bound to one non-loopback address unless -All was
    /// given; comparing it with the whole table would report every such listener as new. A baseline that holds any
    /// listener on a non-loopback address was clearly taken with -All and is compared with the whole table.
    /// </summary>
    internal static class BaselineScope
    {
        public static bool CoversSpecificInterfaces(IEnumerable<BaselineEntry> baseline)
        {
            foreach (var entry in baseline)
            {
                if (entry.Exposure == Exposure.SpecificInterface)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the baseline holds an endpoint of a container or of another network namespace: it was taken with
        /// -NetworkNamespace, and today's endpoints of every namespace compare with it. A baseline of this host's
        /// namespace alone compares only with this host's own endpoints.
        /// </summary>
        public static bool CoversOtherNamespaces(IEnumerable<BaselineEntry> baseline)
        {
            foreach (var entry in baseline)
            {
                if (entry.Scope.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The current listeners, as BaselineEntry, restricted to what the baseline could have seen.</summary>
        public static List<BaselineEntry> Current(IEnumerable<Endpoint> listeners, bool includeSpecificInterfaces) =>
            Current(listeners, includeSpecificInterfaces, true);

        public static List<BaselineEntry> Current(IEnumerable<Endpoint> listeners, bool includeSpecificInterfaces, bool includeOtherNamespaces)
        {
            var result = new List<BaselineEntry>();
            foreach (var endpoint in listeners)
            {
                var entry = BaselineEntry.From(endpoint);
                if ((includeSpecificInterfaces || endpoint.Exposure != Exposure.SpecificInterface)
                    && (includeOtherNamespaces || entry.Scope.Length == 0))
                {
                    result.Add(entry);
                }
            }

            return result;
        }
    }
}
