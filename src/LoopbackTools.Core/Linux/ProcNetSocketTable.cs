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
            int unreadable = 0, partial = 0;
            var files = new List<string>();
            foreach (var (file, protocol, family) in Files(request))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string path = Path.Combine(_root, file);
                try
                {
                    using var reader = new StreamReader(path);
                    all.AddRange(ProcNetParser.Parse(reader, protocol, family, out int lost, out int incomplete));
                    unreadable += lost;
                    partial += incomplete;
                    if (lost + incomplete > 0)
                    {
                        files.Add(path);
                    }
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

            if (unreadable + partial > 0)
            {
                request.Warnings.Add(Describe(unreadable, partial, files));
            }

            return all;
        }

        /// <summary>One warning for every table of the read: how many lines were lost and how many kept with gaps.</summary>
        internal static string Describe(int unreadable, int partial, IReadOnlyList<string> files)
        {
            var parts = new List<string>(2);
            if (unreadable > 0)
            {
                parts.Add(unreadable == 1
                    ? "1 line has no readable local address and port and was left out"
                    : $"{unreadable} lines have no readable local address and port and were left out");
            }

            if (partial > 0)
            {
                parts.Add(partial == 1
                    ? "1 line was read in part, its unreadable fields left empty"
                    : $"{partial} lines were read in part, their unreadable fields left empty");
            }

            return $"{string.Join("; ", parts)} ({string.Join(", ", files)}).";
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
