using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using LoopbackTools;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

// Usage: LoopbackTools.Probe [--all] [--listening] [--no-owner] [--port N]... [--source netlink|procnet] [--repeat N] [--summary]
//                            [--threads N] [--resolve-only] [--bands 0,1024,8192,65536] [--parse-on-reading-thread]
//                            [--netns Current|All|NAME|PID|INODE]
// Prints one JSON document: { source, warnings, fdsRead, bandsRead, threads, elapsedMs[], count, endpoints[] } (endpoints
// left out with --summary); with --resolve-only also cpuMs[], the process's CPU time (user + kernel) of each timed run.
// --threads sets the owner walk's threads (default: the module's rule for this machine);
// --parse-on-reading-thread parses netlink datagrams one after the other on the thread that reads them (the baseline
// for what overlapping parsing with the kernel's next datagram buys); --resolve-only reads the table once and times
// only the owner lookup of the rows the query keeps (the thread benchmark).
var query = new EndpointQuery();
string sourceName = "auto";
int repeat = 1;
bool summary = false;
int threads = LoopbackTools.Owners.OwnerThreads.For(Environment.ProcessorCount);
bool resolveOnly = false;
int[]? bands = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--all": query.All = true; break;
        case "--listening": query.ListeningOnly = true; break;
        case "--no-owner": query.ResolveOwners = false; break;
        case "--port": (query.LocalPorts ??= new HashSet<int>()).Add(int.Parse(args[++i])); break;
        case "--tcp": (query.Protocols ??= new HashSet<TransportProtocol>()).Add(TransportProtocol.Tcp); break;
        case "--source": sourceName = args[++i]; break;
        case "--repeat": repeat = int.Parse(args[++i]); break;
        case "--summary": summary = true; break;
        case "--netns": query.NetworkNamespaces = LoopbackTools.Namespaces.NamespaceSelection.Parse(new[] { args[++i] }); break;
        case "--threads": threads = int.Parse(args[++i]); break;
        case "--resolve-only": resolveOnly = true; break;
        case "--parse-on-reading-thread": NetlinkSockDiagTable.ParseOnReadingThread = true; break;
        case "--bands": bands = args[++i].Split(',').Select(int.Parse).ToArray(); break;
        default:
            Console.Error.WriteLine("unknown argument " + args[i]);
            return 2;
    }
}

IReadOnlyList<ISocketTable> sources = sourceName switch
{
    "netlink" => new ISocketTable[] { new NetlinkSockDiagTable() },
    "procnet" => new ISocketTable[] { new ProcNetSocketTable() },
    _ => SocketTables.ForCurrentPlatform(),
};
var resolver = bands == null ? new ProcFdSocketOwnerResolver("/proc", threads) : new ProcFdSocketOwnerResolver("/proc", threads, bands);
var inventory = new EndpointInventory(sources, resolver, LoopbackTools.Classification.PortClassifier.ForCurrentPlatform());
var times = new List<double>();
var cpuTimes = new List<double>();
var self = Process.GetCurrentProcess();
EndpointSnapshot? snapshot = null;
if (resolveOnly)
{
    var rows = sources[0].Read(EndpointInventory.BuildRequest(query), System.Threading.CancellationToken.None)
        .Where(r => EndpointInventory.Matches(query, r)).ToList();
    for (int r = 0; r < repeat; r++)
    {
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var lookup = resolver.Resolve(rows, System.Threading.CancellationToken.None);
        times.Add(watch.Elapsed.TotalMilliseconds);
        self.Refresh();
        cpuTimes.Add((self.TotalProcessorTime - cpu).TotalMilliseconds);
        snapshot = new EndpointSnapshot(new Endpoint[0], new string[0], sources[0].Name);
    }
}
else
{
    for (int r = 0; r < repeat; r++)
    {
        var watch = Stopwatch.StartNew();
        snapshot = inventory.Query(query);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
}

var output = new Dictionary<string, object?>
{
    ["source"] = snapshot!.Source,
    ["warnings"] = snapshot.Warnings,
    ["fdsRead"] = resolver.LastFdsRead,
    ["bandsRead"] = resolver.LastBandsRead,
    ["processesScanned"] = resolver.LastProcessesScanned,
    ["threads"] = threads,
    ["cpuMs"] = cpuTimes,
    ["walkMs"] = resolver.LastTimes.Walk.TotalMilliseconds,
    ["detailsMs"] = resolver.LastTimes.Details.TotalMilliseconds,
    ["elapsedMs"] = times,
    ["count"] = snapshot.Endpoints.Count,
    ["peakWorkingSetMB"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
};
if (!summary)
{
    output["endpoints"] = snapshot.Endpoints.Select(e => new Dictionary<string, object?>
    {
        ["Protocol"] = e.Protocol.ToString(),
        ["AddressFamily"] = e.AddressFamily.ToString(),
        ["LocalAddress"] = e.LocalAddress,
        ["LocalPort"] = e.LocalPort,
        ["RemoteAddress"] = e.RemoteAddress,
        ["RemotePort"] = e.RemotePort,
        ["State"] = e.State.ToString(),
        ["ProcessId"] = e.ProcessId,
        ["ProcessName"] = e.ProcessName,
        ["UserName"] = e.UserName,
        ["SocketId"] = e.SocketId,
        ["NetworkNamespace"] = e.NetworkNamespace,
        ["SocketUid"] = e.SocketUid,
        ["IPv6Only"] = e.IPv6Only,
        ["Interface"] = e.Interface,
        ["Exposure"] = e.Exposure.ToString(),
        ["ReceiveQueue"] = e.ReceiveQueue,
        ["SendQueue"] = e.SendQueue,
    }).ToList();
}

Console.WriteLine(JsonSerializer.Serialize(output));
return 0;
