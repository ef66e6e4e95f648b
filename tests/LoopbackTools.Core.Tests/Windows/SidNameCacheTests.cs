using System.Collections.Generic;
using LoopbackTools.Native;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>The per-inventory account-name cache, over a lookup stand-in and SIDs constructed here (no Windows).</summary>
    public class SidNameCacheTests
    {
        private static readonly byte[] Alice = { 1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 233, 3, 0, 0 };
        private static readonly byte[] Bob = { 1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 234, 3, 0, 0 };

        [Fact]
        public void Each_sid_is_looked_up_once_constructed_sids()
        {
            var asked = new List<byte[]>();
            var cache = new SidNameCache((byte[] sid, out string? name) =>
            {
                asked.Add(sid);
                name = sid[24] == 233 ? @"CORP\alice" : @"CORP\bob";
                return WinError.ERROR_SUCCESS;
            });

            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(WinError.ERROR_SUCCESS, cache.NameOf((byte[])Alice.Clone(), out var name));
                Assert.Equal(@"CORP\alice", name);
            }

            Assert.Equal(WinError.ERROR_SUCCESS, cache.NameOf(Bob, out var other));
            Assert.Equal(@"CORP\bob", other);
            Assert.Equal(2, cache.Lookups);
            Assert.Equal(2, asked.Count);
        }

        [Fact]
        public void A_failed_lookup_is_not_kept_constructed_sids()
        {
            uint answer = 1722; // RPC_S_SERVER_UNAVAILABLE: the domain controller did not answer
            var cache = new SidNameCache((byte[] sid, out string? name) =>
            {
                name = answer == WinError.ERROR_SUCCESS ? @"CORP\alice" : null;
                return answer;
            });

            Assert.Equal(1722u, cache.NameOf(Alice, out var first));
            Assert.Null(first);
            answer = WinError.ERROR_SUCCESS;
            Assert.Equal(WinError.ERROR_SUCCESS, cache.NameOf(Alice, out var second));
            Assert.Equal(@"CORP\alice", second);
            Assert.Equal(WinError.ERROR_SUCCESS, cache.NameOf(Alice, out _));
            Assert.Equal(2, cache.Lookups);
        }
    }
}
