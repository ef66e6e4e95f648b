using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux
{
    /// <summary>The slow but universal Linux source: /proc/net text tables. Used when netlink sock_diag is unavailable.</summary>
    internal sealed class ProcNetSocketTable : ISocketTable
    {
        private readonly string _root;

        public ProcNetSocketTable(string root = "/proc/net")
        {
            _root = root;
        }

        public string Name => "/proc/net";

        public bool CanResolveOwners => true;

        public IReadOnlyList<SocketRecord> Read(SocketTableRequest request, CancellationToken cancellationToken)
        {
            var all = new List<SocketRecord>();
            foreach (var (file, protocol, family) in Files(request))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string path = Path.Combine(_root, file);
                try
                {
                    using var reader = new StreamReader(path);
                    all.AddRange(ProcNetParser.Parse(reader, protocol, family));
                }
                catch (FileNotFoundException) when (family == IPFamily.IPv6)
                {
                    // A kernel without IPv6 has no tcp6/udp6: that is an empty table, not a failure.
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new SocketTableUnavailableException($"Cannot read {path}: {e.Message}", e);
                }
            }

            return all;
        }

        private static IEnumerable<(string File, TransportProtocol Protocol, IPFamily Family)> Files(SocketTableRequest request)
        {
            if (request.IncludeTcp && request.IncludeIPv4) yield return ("tcp", TransportProtocol.Tcp, IPFamily.IPv4);
            if (request.IncludeTcp && request.IncludeIPv6) yield return ("tcp6", TransportProtocol.Tcp, IPFamily.IPv6);
            if (request.IncludeUdp && request.IncludeIPv4) yield return ("udp", TransportProtocol.Udp, IPFamily.IPv4);
            if (request.IncludeUdp && request.IncludeIPv6) yield return ("udp6", TransportProtocol.Udp, IPFamily.IPv6);
        }
    }
}
