using System;
using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// The IPv4 addresses local to a network namespace, from its /proc/PID/net/fib_trie (readable by anyone): each
    /// "|-- a.b.c.d" leaf followed by "/32 host LOCAL" is an address of one of its interfaces.
    /// </summary>
    internal static class NamespaceAddresses
    {
        /// <summary>The namespace's own IPv4 addresses outside 127.0.0.0/8, in first-seen order.</summary>
        public static List<string> FromFibTrie(string? text)
        {
            var addresses = new List<string>();
            if (text == null)
            {
                return addresses;
            }

            string[] lines = text.Split('\n');
            for (int i = 0; i + 1 < lines.Length; i++)
            {
                string leaf = lines[i].Trim();
                if (!leaf.StartsWith("|-- ", StringComparison.Ordinal) || !lines[i + 1].Trim().StartsWith("/32 host LOCAL", StringComparison.Ordinal))
                {
                    continue;
                }

                if (IPAddress.TryParse(leaf.Substring(4).Trim(), out var address) && !IPAddress.IsLoopback(address))
                {
                    string canonical = address.ToString();
                    if (!addresses.Contains(canonical))
                    {
                        addresses.Add(canonical);
                    }
                }
            }

            return addresses;
        }
    }
}
