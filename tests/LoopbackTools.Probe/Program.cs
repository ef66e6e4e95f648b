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
//        [--netns Current|All|NAME|PID|INODE]
// Prints one JSON document: { source, warnings, fdsRead, elapsedMs[], count, endpoints[] } (endpoints left out with --summary).
var query = new EndpointQuery();
string sourceName = "auto";
int repeat = 1;
bool summary = false;
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
var resolver = new ProcFdSocketOwnerResolver();
var inventory = new EndpointInventory(sources, resolver, LoopbackTools.Classification.PortClassifier.ForCurrentPlatform());
var times = new List<double>();
EndpointSnapshot? snapshot = null;
for (int r = 0; r < repeat; r++)
{
    var watch = Stopwatch.StartNew();
    snapshot = inventory.Query(query);
    times.Add(watch.Elapsed.TotalMilliseconds);
}

var output = new Dictionary<string, object?>
{
    ["source"] = snapshot!.Source,
    ["warnings"] = snapshot.Warnings,
    ["fdsRead"] = resolver.LastFdsRead,
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
    }).ToList();
}

Console.WriteLine(JsonSerializer.Serialize(output));
return 0;
