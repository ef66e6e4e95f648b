using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Errors;

namespace LoopbackTools.PortLookup
{
    /// <summary>
    /// Reads the ways people write a local endpoint. Stricter than IPAddress.Parse on purpose: .NET accepts
    /// "1.2.3" as 1.2.0.3 (inet_aton's shorthand), which nobody who types it means.
    /// </summary>
    internal static class EndpointParser
    {
        public static ParsedEndpoint Parse(string? text)
        {
            string input = text ?? string.Empty;
            string s = input.Trim();
            if (s.Length == 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, "The endpoint is empty: give a port (3000), address:port (127.0.0.1:3000), "
                    + "[IPv6]:port ([::1]:3000) or localhost:port.");
            }

            if (IsDigits(s))
            {
                return new ParsedEndpoint(input, ParsePort(s, input), null, false);
            }

            if ((s[0] == '-' || s[0] == '+') && IsDigits(s.Substring(1)))
            {
                throw Fail(ErrorCatalogue.PortOutOfRange, input, $"Port {s} is out of range: a port is a number from 1 to 65535.");
            }

            if (s.IndexOf("://", StringComparison.Ordinal) > 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, UrlMessage(input, s));
            }

            if (IsPortRange(s))
            {
                string list = s.Replace(" ", string.Empty).Replace("-", "..");
                throw Fail(ErrorCatalogue.InvalidEndpoint, input,
                    $"'{input}' is a range of ports, not one endpoint: give the ports as a list, as in ({list}).");
            }

            if (s[0] == '[')
            {
                int close = s.IndexOf(']');
                if (close < 0)
                {
                    throw Fail(ErrorCatalogue.InvalidEndpoint, input, $"'{input}' has no closing bracket: write an IPv6 endpoint as [::1]:8080.");
                }

                string inside = s.Substring(1, close - 1);
                if (!IPAddress.TryParse(inside, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    throw Fail(ErrorCatalogue.InvalidAddress, input, IsDigitsAndDots(inside) && inside.Length > 0
                        ? $"'{input}' puts an IPv4 address in brackets, which are for IPv6 addresses only: write {inside}{s.Substring(close + 1)}."
                        : $"'{inside}' in '{input}' is not an IPv6 address.");
                }

                string rest = s.Substring(close + 1);
                if (rest.Length < 2 || rest[0] != ':')
                {
                    throw Fail(ErrorCatalogue.InvalidEndpoint, input, $"'{input}' has no port: write [{inside}]:<port>.");
                }

                return new ParsedEndpoint(input, ParsePort(rest.Substring(1), input), v6, false);
            }

            int colon = s.IndexOf(':');
            if (colon < 0)
            {
                bool address = IsDigitsAndDots(s) || string.Equals(s, "localhost", StringComparison.OrdinalIgnoreCase);
                throw Fail(ErrorCatalogue.InvalidEndpoint, input,
                    address ? $"'{input}' has no port: write {s}:<port>, or give just a port number." : NotAnEndpoint(input));
            }

            if (s.IndexOf(':', colon + 1) >= 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, LooksLikeUnbracketedIPv6(s)
                    ? $"'{input}' is ambiguous: put an IPv6 address in brackets, as in [::1]:8080."
                    : IPAddress.TryParse(s, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6
                        ? $"'{input}' is an IPv6 address with no port: write [{s}]:<port>."
                        : NotAnEndpoint(input));
            }

            string host = s.Substring(0, colon);
            string portText = s.Substring(colon + 1);
            if (portText.Length == 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, $"'{input}' has no port after the colon.");
            }

            int port = ParsePort(portText, input);
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return new ParsedEndpoint(input, port, null, true);
            }

            if (host.Length == 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, $"'{input}' has no address before the colon: give just the port, or address:port.");
            }

            if (IsDigitsAndDots(host))
            {
                return new ParsedEndpoint(input, port, ParseDottedQuad(host, input), false);
            }

            throw Fail(ErrorCatalogue.UnsupportedHost, input, $"'{host}' is a host name: only IP addresses and 'localhost' are accepted, since this "
                + "explains the local end of a port.");
        }

        /// <summary>An address alone, for parameters such as Find-PortConflict -Address: "127.0.0.1", "::1" or "[::1]".</summary>
        public static IPAddress ParseAddress(string? text)
        {
            string input = text ?? string.Empty;
            string s = input.Trim();
            if (s.Length == 0)
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, "The address is empty: give an IP address such as 127.0.0.1, ::1 or 0.0.0.0.");
            }

            // Before anything else: IPAddress.TryParse reads "[::1]:80" as ::1 and would drop the port unseen.
            if (AddressPart(s) is string address)
            {
                throw Fail(ErrorCatalogue.InvalidAddress, input,
                    $"'{input}' has a port: an address is wanted here, without one (such as {address}); give the port with -Port.");
            }

            if (s.Length > 2 && s[0] == '[' && s[s.Length - 1] == ']')
            {
                s = s.Substring(1, s.Length - 2);
            }

            if (s.IndexOf(':') >= 0)
            {
                if (IPAddress.TryParse(s, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    return v6;
                }

                throw Fail(ErrorCatalogue.InvalidAddress, input, $"'{input}' is not an IP address (an address only, no port).");
            }

            if (IsDigitsAndDots(s))
            {
                return ParseDottedQuad(s, input);
            }

            throw Fail(ErrorCatalogue.UnsupportedHost, input, $"'{input}' is a host name: give an IP address such as 127.0.0.1, ::1 or 0.0.0.0.");
        }

        /// <summary>
        /// "127.0.0.1" for "127.0.0.1:80", "[::1]" for "[::1]:80", "localhost" for "localhost:80": the address part of
        /// text that is an endpoint; null for anything else.
        /// </summary>
        private static string? AddressPart(string s)
        {
            int colon = s.LastIndexOf(':');
            if (colon <= 0 || !IsDigits(s.Substring(colon + 1)))
            {
                return null;
            }

            string host = s.Substring(0, colon);
            if (host.Length > 2 && host[0] == '[' && host[host.Length - 1] == ']')
            {
                return IPAddress.TryParse(host.Substring(1, host.Length - 2), out _) ? host : null;
            }

            bool plain = (IsDigitsAndDots(host) && IPAddress.TryParse(host, out _))
                || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
            return plain ? host : null;
        }

        private static string UrlMessage(string input, string s)
        {
            if (Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.Host.Trim('[', ']');
                return $"'{input}' is a URL: give the endpoint alone, as in {host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}.";
            }

            return $"'{input}' is a URL: give the endpoint alone, as address:port or localhost:port.";
        }

        // What an object piped in becomes when it has no Port or LocalPort property: its text, such as
        // "System.Diagnostics.Process (dotnet)". Saying so is what tells the user what went wrong.
        private static string NotAnEndpoint(string input) =>
            $"'{input}' is not a port or an endpoint: give a port (3000), address:port (127.0.0.1:3000), [IPv6]:port ([::1]:3000) or "
            + "localhost:port. An object piped in needs a Port or LocalPort property; any other object arrives as its text.";

        private static bool IsPortRange(string s)
        {
            int dash = s.IndexOf('-', 1);
            return dash > 0 && IsDigits(s.Substring(0, dash).Trim()) && IsDigits(s.Substring(dash + 1).Trim());
        }

        private static bool LooksLikeUnbracketedIPv6(string s)
        {
            int last = s.LastIndexOf(':');
            return IsDigits(s.Substring(last + 1))
                && IPAddress.TryParse(s.Substring(0, last), out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        private static int ParsePort(string text, string input)
        {
            if (!IsDigits(text))
            {
                throw Fail(ErrorCatalogue.InvalidEndpoint, input, $"'{text}' in '{input}' is not a port number.");
            }

            // Long enough digit strings are out of range whatever they say; no overflow to worry about.
            if (text.TrimStart('0').Length > 5 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1
                || port > 65535)
            {
                throw Fail(ErrorCatalogue.PortOutOfRange, input, $"Port {text} in '{input}' is out of range: a port is a number from 1 to 65535.");
            }

            return port;
        }

        private static IPAddress ParseDottedQuad(string host, string input)
        {
            var parts = host.Split('.');
            var bytes = new byte[4];
            bool valid = parts.Length == 4;
            for (int i = 0; valid && i < 4; i++)
            {
                valid = parts[i].Length > 0 && parts[i].Length <= 3
                    && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int b) && b <= 255
                    && (bytes[i] = (byte)b) == b;
            }

            if (!valid)
            {
                throw Fail(ErrorCatalogue.InvalidAddress, input, $"'{host}' in '{input}' is not an IPv4 address: write four numbers from 0 to 255, "
                    + "as in 127.0.0.1.");
            }

            return new IPAddress(bytes);
        }

        private static bool IsDigits(string s)
        {
            if (s.Length == 0)
            {
                return false;
            }

            foreach (char c in s)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDigitsAndDots(string s)
        {
            foreach (char c in s)
            {
                if ((c < '0' || c > '9') && c != '.')
                {
                    return false;
                }
            }

            return true;
        }

        private static EndpointFormatException Fail(ErrorDefinition error, string input, string message)
            => new EndpointFormatException(error, input, message);
    }
}
