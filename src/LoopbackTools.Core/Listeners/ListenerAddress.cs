using System.Linq;
using System.Net;
using LoopbackTools.Classification;

namespace LoopbackTools.Listeners
{
    /// <summary>
    /// Listeners are for development, teaching and tests, so they bind to loopback only: nothing on the network can
    /// reach them, and a typo cannot open a port on every interface.
    /// </summary>
    internal static class ListenerAddress
    {
        /// <exception cref="ListenerAddressException">The text is not an IP address in 127.0.0.0/8 or ::1.</exception>
        public static IPAddress Parse(string text)
        {
            string trimmed = (text ?? string.Empty).Trim();
            string literal = trimmed.Length > 1 && trimmed[0] == '[' && trimmed[trimmed.Length - 1] == ']' ? trimmed.Substring(1, trimmed.Length - 2)
                : trimmed;
            bool looksNumeric = literal.IndexOf(':') >= 0 || (literal.Length > 0 && literal.All(c => c == '.' || char.IsDigit(c))
                && literal.IndexOf('.') >= 0);
            if (!looksNumeric || !IPAddress.TryParse(literal, out var address))
            {
                throw new ListenerAddressException(text ?? string.Empty, false,
                    $"'{text}' is not an IP address. A loopback listener binds to an address in 127.0.0.0/8 or to ::1, for example 127.0.0.1.");
            }

            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            if (!AddressClassifier.IsLoopback(address))
            {
                throw new ListenerAddressException(text!, true,
                    $"{AddressText.Format(address)} is not a loopback address. "
                    + "A loopback listener binds only to 127.0.0.0/8 or ::1, so that no other machine can reach it.");
            }

            return address;
        }
    }
}
