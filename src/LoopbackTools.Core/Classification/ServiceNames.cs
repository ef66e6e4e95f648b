using System;
using System.Collections.Generic;
using System.IO;

namespace LoopbackTools.Classification
{
    /// <summary>Port-to-name map from the OS services file (/etc/services, %SystemRoot%\System32\drivers\etc\services).</summary>
    internal sealed class ServiceNames
    {
        private readonly Dictionary<int, string> _tcp;
        private readonly Dictionary<int, string> _udp;

        private ServiceNames(Dictionary<int, string> tcp, Dictionary<int, string> udp)
        {
            _tcp = tcp;
            _udp = udp;
        }

        public static ServiceNames Empty { get; } = new ServiceNames(new Dictionary<int, string>(), new Dictionary<int, string>());

        public int Count => _tcp.Count + _udp.Count;

        public string? Lookup(int port, TransportProtocol protocol)
        {
            var map = protocol == TransportProtocol.Tcp ? _tcp : _udp;
            return map.TryGetValue(port, out var name) ? name : null;
        }

        /// <summary>Parses the services(5) format: "name port/proto [aliases...] [# comment]". The first name for a port wins.</summary>
        public static ServiceNames Parse(TextReader reader)
        {
            var tcp = new Dictionary<int, string>();
            var udp = new Dictionary<int, string>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                int hash = line.IndexOf('#');
                if (hash >= 0)
                {
                    line = line.Substring(0, hash);
                }

                var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2)
                {
                    continue;
                }

                int slash = fields[1].IndexOf('/');
                if (slash <= 0 || !int.TryParse(fields[1].Substring(0, slash), out int port) || port < 0 || port > 65535)
                {
                    continue;
                }

                string proto = fields[1].Substring(slash + 1);
                var map = string.Equals(proto, "tcp", StringComparison.OrdinalIgnoreCase) ? tcp
                    : string.Equals(proto, "udp", StringComparison.OrdinalIgnoreCase) ? udp
                    : null;
                if (map != null && !map.ContainsKey(port))
                {
                    map[port] = fields[0];
                }
            }

            return new ServiceNames(tcp, udp);
        }

        /// <summary>Reads the services file of this OS; an unreadable or absent file gives an empty map, since names are a courtesy.</summary>
        public static ServiceNames FromOperatingSystem()
        {
            string path = Platform.IsWindows
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc", "services")
                : "/etc/services";
            string? text = OptionalFile.TryReadAllText(path);
            return text == null ? Empty : Parse(new StringReader(text));
        }
    }
}
