using System.Linq;
using LoopbackTools.Baselines;
using LoopbackTools.Tests.Audit;
using Xunit;

namespace LoopbackTools.Tests.Baselines
{
    public class BaselineComparerTests
    {
        private static BaselineEntry E(string address, int port, string? name, string? path, int? pid, string? user = null,
            TransportProtocol protocol = TransportProtocol.Tcp) =>
            BaselineEntry.From(AuditEndpoints.Listener(address, port, name, path, pid, protocol, user));

        [Fact]
        public void RestartedServiceWithANewPid_IsNoChange()
        {
            var before = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 100) };
            var now = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 999) };
            Assert.Empty(BaselineComparer.Compare(before, now));
        }

        [Fact]
        public void MoveFromLoopbackToAllInterfaces_IsChanged_WithOldAndNewAddressAndExposure()
        {
            var before = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 100) };
            var now = new[] { E("0.0.0.0", 6379, "redis-server", "/usr/bin/redis-server", 101) };
            var change = Assert.Single(BaselineComparer.Compare(before, now));
            Assert.Equal(EndpointChangeType.Changed, change.ChangeType);
            Assert.Equal("127.0.0.1", change.OldLocalAddress);
            Assert.Equal("0.0.0.0", change.LocalAddress);
            Assert.Equal(Exposure.LoopbackOnly, change.OldExposure);
            Assert.Equal(Exposure.AllInterfaces, change.Exposure);
            Assert.Equal("LocalAddress,Exposure", change.ChangedProperties);
            Assert.Equal(101, change.ProcessId);
        }

        [Fact]
        public void AMoveDoesNotCrossAddressFamilies()
        {
            var before = new[] { E("127.0.0.1", 8080, "web", "/srv/web", 1) };
            var now = new[] { E("::", 8080, "web", "/srv/web", 1) };
            var changes = BaselineComparer.Compare(before, now);
            Assert.Equal(new[] { EndpointChangeType.Added, EndpointChangeType.Removed }, changes.Select(c => c.ChangeType).OrderBy(t => t));
        }

        [Fact]
        public void ADifferentExecutableOnTheSamePort_IsRemovedPlusAdded()
        {
            var before = new[] { E("0.0.0.0", 8080, "java", "/usr/bin/java", 1) };
            var now = new[] { E("0.0.0.0", 8080, "python3", "/usr/bin/python3", 2) };
            var changes = BaselineComparer.Compare(before, now);
            Assert.Equal(2, changes.Count);
            Assert.Equal("python3", changes.Single(c => c.ChangeType == EndpointChangeType.Added).ProcessName);
            Assert.Equal("java", changes.Single(c => c.ChangeType == EndpointChangeType.Removed).ProcessName);
        }

        [Fact]
        public void PathSeenOnOneSideOnly_PairsByName()
        {
            // A baseline taken as root (paths visible) compared by a user who cannot read /proc/<pid>/exe.
            var before = new[] { E("127.0.0.1", 5432, "postgres", "/usr/lib/postgresql/16/bin/postgres", 7) };
            var now = new[] { E("127.0.0.1", 5432, "postgres", null, null) };
            Assert.Empty(BaselineComparer.Compare(before, now));
        }

        [Fact]
        public void OwnerUnseenOnOneSide_PairsByAddressAndPort_ButNotAcrossAMove()
        {
            // Baseline as root, comparison as a user who sees no other user's owners.
            var before = new[] { E("127.0.0.1", 5432, "postgres", "/usr/lib/postgresql/16/bin/postgres", 7),
                E("127.0.0.1", 6379, "redis-server", null, 8) };
            var now = new[] { E("127.0.0.1", 5432, null, null, null), E("0.0.0.0", 6379, null, null, null) };
            var changes = BaselineComparer.Compare(before, now);
            Assert.Equal(new[] { "Added 6379", "Removed 6379" }, changes.Select(c => $"{c.ChangeType} {c.LocalPort}"));
        }

        [Fact]
        public void BothPathsSeenAndDifferent_AreDifferentServicesEvenWithTheSameName()
        {
            var before = new[] { E("127.0.0.1", 8000, "python3", "/usr/bin/python3.11", 7) };
            var now = new[] { E("127.0.0.1", 8000, "python3", "/opt/evil/python3", 8) };
            Assert.Equal(2, BaselineComparer.Compare(before, now).Count);
        }

        [Fact]
        public void SameAddressPairsBeforeAMove_SoDualStackServicesStayPut()
        {
            var before = new[]
            {
                E("127.0.0.1", 9000, "svc", "/srv/svc", 1),
                E("0.0.0.0", 9000, "svc", "/srv/svc", 1),
            };
            var now = new[]
            {
                E("0.0.0.0", 9000, "svc", "/srv/svc", 2),
                E("127.0.0.1", 9000, "svc", "/srv/svc", 2),
            };
            Assert.Empty(BaselineComparer.Compare(before, now));
        }

        [Fact]
        public void UserChange_IsReported_ButAnUnseenUserIsNot()
        {
            var before = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 1, "redis") };
            var asRoot = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 2, "root") };
            var unseen = new[] { E("127.0.0.1", 6379, "redis-server", "/usr/bin/redis-server", 2, null) };
            var change = Assert.Single(BaselineComparer.Compare(before, asRoot));
            Assert.Equal("UserName", change.ChangedProperties);
            Assert.Equal("redis", change.OldUserName);
            Assert.Empty(BaselineComparer.Compare(before, unseen));
        }

        [Fact]
        public void DuplicateSockets_PairOneToOne_AndTheSurplusIsAdded()
        {
            var before = new[] { E("0.0.0.0", 80, "nginx", "/usr/sbin/nginx", 1) };
            var now = new[] { E("0.0.0.0", 80, "nginx", "/usr/sbin/nginx", 2), E("0.0.0.0", 80, "nginx", "/usr/sbin/nginx", 3) };
            var change = Assert.Single(BaselineComparer.Compare(before, now));
            Assert.Equal(EndpointChangeType.Added, change.ChangeType);
        }

        [Fact]
        public void Output_IsOrderedBySocket_AndTheSameWhateverTheInputOrder()
        {
            var before = new[] { E("127.0.0.1", 9, "a", null, 1), E("127.0.0.1", 3, "b", null, 1),
                E("127.0.0.1", 5, "c", null, 1, protocol: TransportProtocol.Udp) };
            var now = new[] { E("127.0.0.1", 4, "d", null, 1), E("127.0.0.1", 1, "e", null, 1) };
            var forward = BaselineComparer.Compare(before, now).Select(c => c.ToString()).ToList();
            var backward = BaselineComparer.Compare(before.Reverse().ToArray(), now.Reverse().ToArray()).Select(c => c.ToString()).ToList();
            Assert.Equal(forward, backward);
            Assert.Equal(new[] { 1, 3, 4, 9, 5 }, BaselineComparer.Compare(before, now).Select(c => c.LocalPort));
        }

        [Theory]
        [InlineData("0:0:0:0:0:0:0:1", "::1", IPFamily.IPv6, Exposure.LoopbackOnly)]
        [InlineData(" 127.0.0.5 ", "127.0.0.5", IPFamily.IPv4, Exposure.LoopbackOnly)]
        [InlineData("0.0.0.0", "0.0.0.0", IPFamily.IPv4, Exposure.AllInterfaces)]
        [InlineData("192.0.2.1", "192.0.2.1", IPFamily.IPv4, Exposure.SpecificInterface)]
        public void TryNormalizeAddress_GivesTheEnginesSpellingFamilyAndExposure(string text, string canonical, IPFamily family, Exposure exposure)
        {
            Assert.True(BaselineEntry.TryNormalizeAddress(text, out string c, out IPFamily f, out Exposure e));
            Assert.Equal((canonical, family, exposure), (c, f, e));
        }

        [Fact]
        public void TryNormalizeAddress_RejectsWhatIsNoAddress()
        {
            Assert.False(BaselineEntry.TryNormalizeAddress("localhost", out _, out _, out _));
        }

        [Fact]
        public void Scope_LeavesOutSpecificInterfaceListenersUnlessTheBaselineHadSome()
        {
            var listeners = new[] { AuditEndpoints.Listener("127.0.0.1", 1, "a"), AuditEndpoints.Listener("192.0.2.1", 2, "b") };
            Assert.False(BaselineScope.CoversSpecificInterfaces(new[] { E("127.0.0.1", 1, "a", null, 1) }));
            Assert.True(BaselineScope.CoversSpecificInterfaces(new[] { E("192.0.2.9", 1, "a", null, 1) }));
            Assert.Equal(new[] { 1 }, BaselineScope.Current(listeners, false).Select(e => e.LocalPort));
            Assert.Equal(new[] { 1, 2 }, BaselineScope.Current(listeners, true).Select(e => e.LocalPort));
        }
    }
}
