using ConflictOwners = LoopbackTools.Conflicts.Owners;
using Xunit;

namespace LoopbackTools.Tests.Conflicts
{
    public class OwnersTests
    {
        [Fact]
        public void Columns_list_each_visible_owner_once_in_order_with_aligned_names()
        {
            var endpoints = new[]
            {
                new Endpoint { ProcessId = 40, ProcessName = "node" },
                new Endpoint(),
                new Endpoint { ProcessId = 12 },
                new Endpoint { ProcessId = 40, ProcessName = "node" },
                new Endpoint { ProcessId = 7, ProcessName = "python3" },
            };

            var (pids, names) = ConflictOwners.Columns(endpoints);

            Assert.Equal("40, 12, 7", pids);
            Assert.Equal("node, , python3", names);
        }

        [Fact]
        public void Columns_are_empty_when_no_owner_is_visible()
        {
            Assert.Equal((string.Empty, string.Empty), ConflictOwners.Columns(new[] { new Endpoint(), new Endpoint() }));
        }
    }
}
