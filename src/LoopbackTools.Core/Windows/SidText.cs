using System.Globalization;
using System.Text;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// A binary SID as its S-R-I-S-S... string, for the owner of a process whose SID no account name maps to (a
    /// deleted account, a logon SID): the user is still shown, as Linux shows a uid with no passwd entry. Written by
    /// hand from the SID layout (winnt.h: BYTE Revision, BYTE SubAuthorityCount, SID_IDENTIFIER_AUTHORITY as six
    /// big-endian bytes, then SubAuthorityCount little-endian DWORDs) so it needs no ConvertSidToStringSid and no
    /// System.Security.Principal.Windows beside the module in Windows PowerShell 5.1.
    /// </summary>
    internal static class SidText
    {
        /// <summary>SID_MAX_SUB_AUTHORITIES.</summary>
        public const int MaxSubAuthorities = 15;

        /// <summary>The string form, or null when <paramref name="sid"/> is not exactly one well-formed SID.</summary>
        public static string? Format(byte[] sid)
        {
            if (sid.Length < 8 || sid[0] != 1)
            {
                return null;
            }

            int count = sid[1];
            if (count > MaxSubAuthorities || sid.Length != 8 + (4 * count))
            {
                return null;
            }

            ulong authority = 0;
            for (int i = 2; i < 8; i++)
            {
                authority = (authority << 8) | sid[i];
            }

            var text = new StringBuilder("S-1-", 16 + (11 * count));

            // As ConvertSidToStringSid: decimal when the authority fits 32 bits, else 0x and twelve hex digits.
            text.Append(authority >> 32 == 0
                ? authority.ToString(CultureInfo.InvariantCulture)
                : "0x" + authority.ToString("X12", CultureInfo.InvariantCulture));
            for (int i = 0; i < count; i++)
            {
                int at = 8 + (4 * i);
                uint sub = (uint)(sid[at] | (sid[at + 1] << 8) | (sid[at + 2] << 16) | (sid[at + 3] << 24));
                text.Append('-').Append(sub.ToString(CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
