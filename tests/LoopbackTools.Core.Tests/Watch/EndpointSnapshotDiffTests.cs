using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using LoopbackTools.Inventory;
using LoopbackTools.Tests.Audit;
using LoopbackTools.Watch;
using Xunit;

namespace LoopbackTools.Tests.Watch
{
    public class EndpointSnapshotDiffTests
    {
        private static readonly DateTime At = new DateTime(2025, 1, 2, 3, 4, 5);

        private static Endpoint Connection(int localPort, int remotePort, SocketState state, int? pid, ulong socketId = 0) => new Endpoint
        {
            Protocol = TransportProtocol.Tcp,
            LocalAddress = "127.0.0.1",
            LocalPort = localPort,
            RemoteAddress = "127.0.0.1",
            RemotePort = remotePort,
            State = state,
            ProcessId = pid,
            SocketId = socketId,
        };

        [Fact]
        public void NewAndVanishedEndpoints_AreAddedAndRemoved_StampedWithThePollTime()
        {
            var a = AuditEndpoints.Listener("127.0.0.1", 1000, "a", null, 1);
            var b = AuditEndpoints.Listener("127.0.0.1", 2000, "b", null, 2);
            var changes = EndpointSnapshotDiff.Compare(new[] { a }, new[] { b }, At);
            Assert.Equal(new[] { "Removed 1000", "Added 2000" }, changes.Select(c => $"{c.ChangeType} {c.LocalPort}"));
            Assert.All(changes, c => Assert.Equal(At, c.Time));
        }

        [Fact]
        public void UnchangedTable_GivesNothing()
        {
            var a = AuditEndpoints.Listener("127.0.0.1", 1000, "a", null, 1);
            Assert.Empty(EndpointSnapshotDiff.Compare(new[] { a }, new[] { AuditEndpoints.Listener("127.0.0.1", 1000, "a", null, 1) }, At));
        }

        [Fact]
        public void StateAndOwnerChanges_AreChanged_WithTheOldValues()
        {
            var changes = EndpointSnapshotDiff.Compare(
                new[] { Connection(5000, 40000, SocketState.Established, 10), Connection(5001, 40001, SocketState.Established, 11) },
                new[] { Connection(5000, 40000, SocketState.CloseWait, 10), Connection(5001, 40001, SocketState.Established, 12) },
                At);
            Assert.Equal(2, changes.Count);
            Assert.Equal(("State", SocketState.Established), (changes[0].ChangedProperties, changes[0].OldState!.Value));
            Assert.Equal(("ProcessId", 11), (changes[1].ChangedProperties, changes[1].OldProcessId!.Value));
        }

        [Fact]
        public void AnOwnerMissedOnce_IsNotAChangeOfOwner()
        {
            Assert.Empty(EndpointSnapshotDiff.Compare(new[] { Connection(5000, 1, SocketState.Established, 10) },
                new[] { Connection(5000, 1, SocketState.Established, null) }, At));
        }

        [Fact]
        public void SocketsSharingATuple_PairBySocketId()
        {
            // Two SO_REUSEPORT listeners; the one with socket id 7 closed, a new one (id 9) opened.
            var before = new[] { Connection(80, 0, SocketState.Listen, 1, 7), Connection(80, 0, SocketState.Listen, 2, 8) };
            var after = new[] { Connection(80, 0, SocketState.Listen, 2, 8), Connection(80, 0, SocketState.Listen, 3, 9) };
            var changes = EndpointSnapshotDiff.Compare(before, after, At);
            Assert.Single(changes);
            Assert.Equal((EndpointChangeType.Changed, 1, 3), (changes[0].ChangeType, changes[0].OldProcessId!.Value, changes[0].ProcessId!.Value));
        }

        [Fact]
        public void RealListenerOpenedAndClosedBetweenReads_IsAddedThenRemoved()
        {
            var inventory = EndpointInventory.ForCurrentPlatform();
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var query = new EndpointQuery { ListeningOnly = true, LocalPorts = new System.Collections.Generic.HashSet<int> { port } };
            try
            {
                var empty = Array.Empty<Endpoint>();
                var open = inventory.Query(query).Endpoints;
                var added = Assert.Single(EndpointSnapshotDiff.Compare(empty, open, At));
                Assert.Equal((EndpointChangeType.Added, port, Environment.ProcessId), (added.ChangeType, added.LocalPort, added.ProcessId!.Value));

                listener.Stop();
                var removed = Assert.Single(EndpointSnapshotDiff.Compare(open, inventory.Query(query).Endpoints, At));
                Assert.Equal(EndpointChangeType.Removed, removed.ChangeType);
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
