using System;
using System.Net;
using LoopbackTools.Classification;
using LoopbackTools.PortLookup;

namespace LoopbackTools.Baselines
{
    /// <summary>
    /// An endpoint as a baseline remembers it: the identity the pairing needs and the values a change report shows.
    /// The cmdlet builds these from live endpoints and from whatever Export-Csv, ConvertTo-Json or Export-Clixml
    /// saved, so nothing here depends on how the baseline was stored.
    /// </summary>
    internal sealed class BaselineEntry
    {
        public TransportProtocol Protocol { get; set; }

        public IPFamily AddressFamily { get; set; }

        public string LocalAddress { get; set; } = string.Empty;

        public int LocalPort { get; set; }

        public string RemoteAddress { get; set; } = string.Empty;

        public int RemotePort { get; set; }

        public SocketState State { get; set; } = SocketState.Listen;

        public Exposure Exposure { get; set; }

        public int? ProcessId { get; set; }

        public string? ProcessName { get; set; }

        public string? ProcessPath { get; set; }

        public string? UserName { get; set; }

        /// <summary>The live endpoint this entry was made from; null for entries read from a saved baseline.</summary>
        public Endpoint? Endpoint { get; set; }

        public bool IsListener => ListenerStates.Contains(State);

        public static BaselineEntry From(Endpoint endpoint) => new BaselineEntry
        {
            Protocol = endpoint.Protocol,
            AddressFamily = endpoint.AddressFamily,
            LocalAddress = endpoint.LocalAddress,
            LocalPort = endpoint.LocalPort,
            RemoteAddress = endpoint.RemoteAddress,
            RemotePort = endpoint.RemotePort,
            State = endpoint.State,
            Exposure = endpoint.Exposure,
            ProcessId = endpoint.ProcessId,
            ProcessName = endpoint.ProcessName,
            ProcessPath = endpoint.ProcessPath,
            UserName = endpoint.UserName,
            Endpoint = endpoint,
        };

        /// <summary>
        /// Writes an address the way the socket engine does (so "0:0::1" from a hand-edited file equals "::1"), and
        /// returns its family and exposure; false when the text is not an IP address. As strict as the endpoint
        /// parser: IPv4 is four dotted numbers, never inet_aton's "2130706433" or "127.1" that IPAddress accepts.
        /// </summary>
        public static bool TryNormalizeAddress(string text, out string canonical, out IPFamily family, out Exposure exposure)
        {
            canonical = text;
            family = IPFamily.IPv4;
            exposure = Exposure.SpecificInterface;
            IPAddress address;
            try
            {
                address = EndpointParser.ParseAddress(text);
            }
            catch (EndpointFormatException)
            {
                return false;
            }

            canonical = AddressText.Format(address);
            family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4;
            exposure = AddressClassifier.ExposureOf(address);
            return true;
        }

        /// <summary>The executable path, or the name when the path was not visible; empty when neither was.</summary>
        internal string Executable => !string.IsNullOrEmpty(ProcessPath) ? ProcessPath! : ExecutableName;

        /// <summary>The process name, or the file name of the path when only the path was saved.</summary>
        internal string ExecutableName
        {
            get
            {
                if (!string.IsNullOrEmpty(ProcessName))
                {
                    return ProcessName!;
                }

                if (string.IsNullOrEmpty(ProcessPath))
                {
                    return string.Empty;
                }

                int cut = Math.Max(ProcessPath!.LastIndexOf('/'), ProcessPath.LastIndexOf('\\'));
                return ProcessPath.Substring(cut + 1);
            }
        }

        internal bool HasPath => !string.IsNullOrEmpty(ProcessPath);

        public override string ToString() => $"{Protocol} {EndpointText.Format(LocalAddress, LocalPort)} {State} {Executable}";
    }
}
