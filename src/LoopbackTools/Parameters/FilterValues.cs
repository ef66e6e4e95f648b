using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace LoopbackTools.Commands
{
    /// <summary>Turns bound parameter values into the core's filter shapes.</summary>
    internal static class FilterValues
    {
        public static ISet<T>? ToSet<T>(T[]? values) => values == null || values.Length == 0 ? null : new HashSet<T>(values);

        /// <summary>PowerShell wildcards, case-insensitive as users expect from Get-Process -Name.</summary>
        public static Func<string, bool>? WildcardFilter(string[]? patterns)
        {
            if (patterns == null || patterns.Length == 0)
            {
                return null;
            }

            var compiled = new List<WildcardPattern>(patterns.Length);
            foreach (var p in patterns)
            {
                compiled.Add(WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
            }

            return name =>
            {
                foreach (var w in compiled)
                {
                    if (w.IsMatch(name))
                    {
                        return true;
                    }
                }

                return false;
            };
        }
    }
}
