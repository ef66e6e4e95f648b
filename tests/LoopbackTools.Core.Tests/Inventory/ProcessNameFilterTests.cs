using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using Xunit;

namespace LoopbackTools.Tests.Inventory
{
    /// <summary>-ProcessName matches as policies do: the name, the executable's file name, or its path. Real socket, real owner.</summary>
    public class ProcessNameFilterTests
    {
        [Fact]
        public void A_pattern_with_a_slash_matches_the_executable_path_of_the_owner()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string exe = new FileInfo("/proc/self/exe").LinkTarget!;
            string directory = Path.GetDirectoryName(exe)!;

            List<Endpoint> Query(params string[] patterns) => EndpointInventory.ForCurrentPlatform().Query(new EndpointQuery
            {
                ListeningOnly = true,
                LocalPorts = new HashSet<int> { port },
                ProcessNames = patterns.Select(p => new ProcessPattern(p)).ToList(),
            }).Endpoints.ToList();

            var byPath = Assert.Single(Query(exe));
            Assert.Equal(Environment.ProcessId, byPath.ProcessId);
            Assert.Single(Query(directory + "/*"));
            Assert.Single(Query(Path.GetFileName(exe)));
            Assert.Empty(Query("/nonexistent/" + Path.GetFileName(exe)));
            Assert.Empty(Query("no-such-process-name"));
        }
    }
}
