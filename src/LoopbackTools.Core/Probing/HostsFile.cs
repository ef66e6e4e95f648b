using System;
using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// The OS hosts file as name → addresses. Names that developers map to loopback there (myapp.test 127.0.0.1)
    /// are local names, and reading the file answers for them without sending a DNS query anywhere.
    /// </summary>
    internal sealed class HostsFile
    {
        private readonly Dictionary<string, List<IPAddress>> _names = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);

        private HostsFile()
        {
        }

        public static string PathForCurrentPlatform =>
            Platform.IsWindows
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc", "hosts")
                : "/etc/hosts";

        public static HostsFile Empty { get; } = new HostsFile();

        /// <summary>The machine's hosts file; empty when it is missing or unreadable.</summary>
        public static HostsFile ForCurrentPlatform()
        {
            string? text = OptionalFile.TryReadAllText(PathForCurrentPlatform);
            return text == null ? Empty : Parse(text);
        }

        /// <summary>Parses "address name [alias ...] [# comment]" lines; malformed lines are skipped as resolvers do.</summary>
        public static HostsFile Parse(string text)
        {
            var file = new HostsFile();
            // (name, address) pairs already listed: a name with thousands of addresses (ad-block lists, generated
            // files) must not cost a scan of its list per line.
            var seen = new HashSet<KeyValuePair<string, IPAddress>>(NameAddressComparer.Instance);
            foreach (string rawLine in text.Split('\n'))
            {
                string line = rawLine;
                int hash = line.IndexOf('#');
                if (hash >= 0)
                {
                    line = line.Substring(0, hash);
                }

                string[] fields = line.Split(new[] { ' ', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries);
                // A bare number is an inet_aton integer to IPAddress.TryParse, but never a hosts-file address.
                if (fields.Length < 2 || (fields[0].IndexOf('.') < 0 && fields[0].IndexOf(':') < 0)
                    || !IPAddress.TryParse(fields[0], out var address))
                {
                    continue;
                }

                for (int i = 1; i < fields.Length; i++)
                {
                    string name = fields[i].TrimEnd('.');
                    if (!file._names.TryGetValue(name, out var list))
                    {
                        list = new List<IPAddress>();
                        file._names.Add(name, list);
                    }

                    if (seen.Add(new KeyValuePair<string, IPAddress>(name, address)))
                    {
                        list.Add(address);
                    }
                }
            }

            return file;
        }

        public IReadOnlyList<IPAddress>? Lookup(string name) => _names.TryGetValue(name.TrimEnd('.'), out var list) ? list : null;

        /// <summary>Names ignore case, as in the dictionary of names; addresses compare as IPAddress.Equals does.</summary>
        private sealed class NameAddressComparer : IEqualityComparer<KeyValuePair<string, IPAddress>>
        {
            public static readonly NameAddressComparer Instance = new NameAddressComparer();

            public bool Equals(KeyValuePair<string, IPAddress> x, KeyValuePair<string, IPAddress> y) =>
                StringComparer.OrdinalIgnoreCase.Equals(x.Key, y.Key) && x.Value.Equals(y.Value);

            public int GetHashCode(KeyValuePair<string, IPAddress> pair) =>
                (StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Key) * 31) ^ pair.Value.GetHashCode();
        }
    }
}
