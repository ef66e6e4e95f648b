using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoopbackTools.Classification
{
    /// <summary>
    /// Writes addresses the way ss, ip and every libc inet_ntop do (RFC 5952): lower-case hex, the longest run of two or
    /// more zero groups as "::", and dotted IPv4 only after the IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96)
    /// prefixes. .NET's IPAddress.ToString also writes ISATAP-style addresses (…:5efe:c000:201) in mixed notation,
    /// which no peer tool does, so text we show or compare never comes from it for IPv6.
    /// </summary>
    internal static class AddressText
    {
        public static string Format(IPAddress address) => Format(address, null);

        /// <summary>The address, with "%scope" appended for an IPv6 address that has a zone (a name, or the number).</summary>
        public static string Format(IPAddress address, string? scope)
        {
            if (address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return address.ToString();
            }

            var bytes = address.GetAddressBytes();
            var words = new int[8];
            for (int i = 0; i < 8; i++)
            {
                words[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
            }

            var sb = new StringBuilder(46);
            AppendV6(sb, words, bytes);
            if (scope == null && address.ScopeId != 0)
            {
                scope = address.ScopeId.ToString(CultureInfo.InvariantCulture);
            }

            if (!string.IsNullOrEmpty(scope))
            {
                sb.Append('%').Append(scope);
            }

            return sb.ToString();
        }

        private static void AppendV6(StringBuilder sb, int[] words, byte[] bytes)
        {
            // The longest run of zero groups (the first of equal runs); a single zero group stays "0".
            int bestStart = -1, bestLength = 0;
            for (int i = 0; i < 8;)
            {
                if (words[i] != 0)
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < 8 && words[i] == 0)
                {
                    i++;
                }

                if (i - start > bestLength)
                {
                    bestStart = start;
                    bestLength = i - start;
                }
            }

            if (bestLength < 2)
            {
                bestStart = -1;
            }

            // glibc's rule: dotted IPv4 when the compressed run is exactly the ::/96 or the ::ffff:0:0/96 prefix.
            bool mixed = bestStart == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF));
            int hexGroups = mixed ? 6 : 8;
            for (int i = 0; i < hexGroups; i++)
            {
                if (i == bestStart)
                {
                    sb.Append("::");
                    i += bestLength - 1;
                    continue;
                }

                if (i > 0 && i != bestStart + bestLength)
                {
                    sb.Append(':');
                }

                sb.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
            }

            if (mixed)
            {
                if (bestStart + bestLength < 6)
                {
                    sb.Append(':');
                }

                sb.Append(bytes[12]).Append('.').Append(bytes[13]).Append('.').Append(bytes[14]).Append('.').Append(bytes[15]);
            }
        }
    }
}
