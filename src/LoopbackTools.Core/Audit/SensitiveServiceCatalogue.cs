using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LoopbackTools.Classification;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// The services that should normally stay on loopback, read from the SensitiveServices.csv shipped inside the
    /// assembly (one reviewed data file, each row with its reason).
    /// </summary>
    internal sealed class SensitiveServiceCatalogue
    {
        private const string ResourceName = "LoopbackTools.Audit.SensitiveServices.csv";
        private static readonly string[] Header = { "Port", "Protocol", "Service", "Processes", "Match", "Reason" };
        private static readonly Lazy<SensitiveServiceCatalogue> BuiltIn = new Lazy<SensitiveServiceCatalogue>(LoadBuiltIn);

        private SensitiveServiceCatalogue(IReadOnlyList<SensitiveService> services)
        {
            Services = services;
        }

        public IReadOnlyList<SensitiveService> Services { get; }

        public static SensitiveServiceCatalogue Default => BuiltIn.Value;

        /// <summary>The row naming the service an endpoint is, by port first, then by owner name; null when none does.</summary>
        public SensitiveService? Find(Endpoint endpoint, out bool byProcessName)
        {
            byProcessName = false;
            foreach (var service in Services)
            {
                if (service.MatchesPort(endpoint))
                {
                    return service;
                }
            }

            foreach (var service in Services)
            {
                if (service.MatchesProcess(endpoint))
                {
                    byProcessName = true;
                    return service;
                }
            }

            return null;
        }

        public static SensitiveServiceCatalogue Parse(TextReader text)
        {
            var reader = new CsvRecordReader(text);
            var header = reader.Next();
            if (header == null || !SameHeader(header))
            {
                throw new FormatException("The sensitive-service catalogue must start with the header " + string.Join(",", Header) + ".");
            }

            var services = new List<SensitiveService>();
            IReadOnlyList<string>? row;
            while ((row = reader.Next()) != null)
            {
                int line = reader.LineNumber;
                if (row.Count != Header.Length)
                {
                    throw new FormatException($"Catalogue line {line}: {row.Count} fields where {Header.Length} are expected.");
                }

                if (!int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                {
                    throw new FormatException($"Catalogue line {line}: '{row[0]}' is not a port number.");
                }

                var protocols = ParseProtocols(row[1], line);
                if (row[2].Length == 0 || row[5].Length == 0)
                {
                    throw new FormatException($"Catalogue line {line}: every row needs a Service and a Reason.");
                }

                var match = ParseMatch(row[4], line);

                var processes = new List<ProcessPattern>();
                foreach (var name in row[3].Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    // A bad pattern fails here, with its line, rather than at match time in the middle of an audit.
                    if (ProcessPattern.Problem(name) is string problem)
                    {
                        throw new FormatException($"Catalogue line {line}: {problem}");
                    }

                    processes.Add(new ProcessPattern(name));
                }

                if (match != SensitiveServiceMatch.Port && processes.Count == 0)
                {
                    throw new FormatException($"Catalogue line {line}: Match {match} needs at least one process name.");
                }

                foreach (var protocol in protocols)
                {
                    services.Add(new SensitiveService(port, protocol, row[2], processes, match, row[5]));
                }
            }

            return new SensitiveServiceCatalogue(services);
        }

        private static SensitiveServiceCatalogue LoadBuiltIn()
        {
            using var stream = typeof(SensitiveServiceCatalogue).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The assembly lacks its embedded {ResourceName}.");
            using var reader = new StreamReader(stream);
            return Parse(reader);
        }

        private static bool SameHeader(IReadOnlyList<string> header)
        {
            if (header.Count != Header.Length)
            {
                return false;
            }

            for (int i = 0; i < Header.Length; i++)
            {
                if (!string.Equals(header[i].Trim(), Header[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private static SensitiveServiceMatch ParseMatch(string text, int line)
        {
            switch (text)
            {
                case "Port": return SensitiveServiceMatch.Port;
                case "PortAndProcess": return SensitiveServiceMatch.PortAndProcess;
                case "PortOrProcess": return SensitiveServiceMatch.PortOrProcess;
                default: throw new FormatException($"Catalogue line {line}: Match '{text}' is not Port, PortAndProcess or PortOrProcess.");
            }
        }

        private static TransportProtocol[] ParseProtocols(string text, int line)
        {
            switch (text)
            {
                case "Tcp": return new[] { TransportProtocol.Tcp };
                case "Udp": return new[] { TransportProtocol.Udp };
                case "Both": return new[] { TransportProtocol.Tcp, TransportProtocol.Udp };
                default: throw new FormatException($"Catalogue line {line}: Protocol '{text}' is not Tcp, Udp or Both.");
            }
        }
    }
}
