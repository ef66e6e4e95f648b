using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Owners;
using Xunit;

namespace LoopbackTools.Tests.Owners
{
    /// <summary>The primary-holder rule on process facts built here (parents, start ticks); the real processes are in HolderTests.</summary>
    public class PrimaryHolderTests
    {
        private static ProcessOwner P(int pid, int parent, ulong start) =>
            new ProcessOwner(pid) { ParentProcessId = parent, StartTicks = start };

        private static int[] Order(IReadOnlyList<ProcessOwner> holders, Dictionary<int, int>? parents = null)
        {
            var all = holders.ToDictionary(h => h.ProcessId, h => h.ParentProcessId!.Value);
            foreach (var p in parents ?? new Dictionary<int, int>())
            {
                all[p.Key] = p.Value;
            }

            return PrimaryHolder.Order(holders, pid => all.TryGetValue(pid, out int parent) ? parent : (int?)null)
                .Select(h => h.ProcessId).ToArray();
        }

        [Fact]
        public void The_master_of_a_pre_fork_server_goes_first_and_the_workers_follow_by_id()
        {
            var holders = new[] { P(1241, 1234, 500), P(1234, 1, 500), P(1240, 1234, 501) };

            Assert.Equal(new[] { 1234, 1240, 1241 }, Order(holders));
        }

        [Fact]
        public void An_ancestor_counts_through_processes_that_do_not_hold_the_socket()
        {
            // supervisor 100 -> sh 200 -> server 300; the sh holds nothing. Same start tick, and the server has the lower
            // id after a pid wrap: only the ancestry tells the supervisor.
            var holders = new[] { P(300, 200, 900), P(400, 1, 900) };
            var supervisor = new[] { P(400, 1, 900), P(30, 400, 900) };

            Assert.Equal(new[] { 400, 30 }, Order(supervisor));
            Assert.Equal(new[] { 300, 400 }, Order(holders, new Dictionary<int, int> { [200] = 100 }));
            Assert.Equal(new[] { 100, 300 }, Order(new[] { P(300, 200, 900), P(100, 1, 900) }, new Dictionary<int, int> { [200] = 100 }));
        }

        [Fact]
        public void Without_an_ancestor_the_earliest_started_goes_first()
        {
            // An SCM_RIGHTS hand-off between unrelated processes: the receiver started first.
            var holders = new[] { P(500, 1, 2000), P(700, 1, 1500), P(600, 1, 1800) };

            Assert.Equal(new[] { 700, 500, 600 }, Order(holders));
        }

        [Fact]
        public void Same_start_and_no_ancestor_leaves_the_lowest_id_first()
        {
            var holders = new[] { P(52, 1, 1000), P(51, 1, 1000), P(53, 1, 1000) };

            Assert.Equal(new[] { 51, 52, 53 }, Order(holders));
        }

        [Fact]
        public void A_parent_id_that_started_after_its_child_is_a_reused_id_not_an_ancestor()
        {
            // 20's recorded parent 10 exited; a new 10 started later and holds the socket too: not 20's ancestor.
            var holders = new[] { P(20, 10, 1000), P(10, 1, 3000) };

            Assert.Equal(new[] { 20, 10 }, Order(holders));
            Assert.False(PrimaryHolder.IsAncestor(holders[1], holders[0], pid => pid == 20 ? 10 : 1));
        }

        [Fact]
        public void The_order_does_not_depend_on_the_order_found()
        {
            var a = new[] { P(7, 1, 10), P(9, 7, 11), P(8, 7, 11), P(12, 8, 12) };
            var first = Order(a);

            for (int rotate = 1; rotate < a.Length; rotate++)
            {
                Assert.Equal(first, Order(a.Skip(rotate).Concat(a.Take(rotate)).ToArray()));
            }

            Assert.Equal(new[] { 7, 8, 9, 12 }, first);
        }

        [Fact]
        public void A_parent_cycle_in_a_torn_read_ends()
        {
            var holders = new[] { P(5, 6, 10), P(6, 5, 10) };

            Assert.Equal(new[] { 5, 6 }, Order(holders));
        }

        [Fact]
        public void A_process_id_list_reads_as_comma_separated_ids_in_csv()
        {
            Assert.Equal("1234,1240,1241", new ProcessIdList(new[] { 1234, 1240, 1241 }).ToString());
            Assert.Equal("7", new ProcessIdList(new[] { 7 }).ToString());
            Assert.Equal(string.Empty, ProcessIdList.Empty.ToString());
        }

        [Fact]
        public void An_endpoint_built_with_only_a_process_id_lists_that_one_holder()
        {
            var endpoint = new Endpoint { ProcessId = 40 };

            Assert.Equal(new[] { 40 }, endpoint.ProcessIds);
            Assert.Equal(1, endpoint.ProcessCount);
            Assert.Equal(0, new Endpoint().ProcessCount);
        }
    }
}
