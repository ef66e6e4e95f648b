using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using LoopbackTools.Inventory;
using Xunit;

namespace LoopbackTools.Tests.Inventory
{
    /// <summary>
    /// What gathered pipeline input selects. The cases are the ProcessRecord calls PowerShell makes (measured with a
    /// compiled test cmdlet): none for an empty pipeline or objects that fail binding, one with nothing bound when no
    /// pipeline exists, one per bound object otherwise.
    /// </summary>
    public class PipelineSelectionTests
    {
        private static FilterInput Of(params int[] values) => FilterInput.Of(values);

        [Fact]
        public void No_ProcessRecord_call_selects_nothing()
        {
            // Get-Process -Name nosuch | Get-LoopbackEndpoint, and 'abc' | Get-LoopbackEndpoint.
            var selection = new PipelineSelection();
            Assert.True(selection.SelectsNothing);
            Assert.False(selection.Matches(80, 1));
            Assert.Equal(0, selection.Records);
        }

        [Fact]
        public void One_call_without_a_pipeline_and_nothing_bound_selects_everything()
        {
            var selection = new PipelineSelection();
            selection.Add(false, FilterInput.NotBound, FilterInput.NotBound);
            Assert.False(selection.SelectsNothing);
            Assert.Null(selection.LocalPorts);
            Assert.Null(selection.ProcessIds);
            Assert.True(selection.Matches(80, null));
        }

        [Fact]
        public void A_piped_call_that_bound_no_filter_selects_nothing()
        {
            var selection = new PipelineSelection();
            selection.Add(true, FilterInput.NotBound, FilterInput.NotBound);
            Assert.True(selection.SelectsNothing);
            Assert.Equal(1, selection.EmptyRecords);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_filter_bound_to_null_or_nothing_selects_nothing(bool piped)
        {
            // [pscustomobject]@{ Id = $null } | ..., [pscustomobject]@{ Port = @() } | ...
            var selection = new PipelineSelection();
            selection.Add(piped, FilterInput.NotBound, FilterInput.Of(null));
            selection.Add(piped, Of(), FilterInput.NotBound);
            Assert.True(selection.SelectsNothing);
            Assert.Equal(2, selection.EmptyRecords);
            Assert.False(selection.Matches(80, 1));
        }

        [Fact]
        public void An_empty_record_does_not_widen_the_others()
        {
            var selection = new PipelineSelection();
            selection.Add(true, Of(80), FilterInput.NotBound);
            selection.Add(true, FilterInput.NotBound, FilterInput.Of(null));
            Assert.Equal(new HashSet<int> { 80 }, selection.LocalPorts);
            Assert.True(selection.Matches(80, null));
            Assert.False(selection.Matches(443, 7));
        }

        [Fact]
        public void A_piped_worker_selects_the_socket_it_shares_with_its_master()
        {
            // Get-Process of a pre-fork worker (pid 41) piped in: the listener held by master 40 and workers 41, 42.
            var selection = new PipelineSelection();
            selection.Add(true, FilterInput.NotBound, Of(41));
            Assert.True(selection.MatchesAnyHolder(80, new[] { 40, 41, 42 }));
            Assert.False(selection.MatchesAnyHolder(80, new[] { 40, 42 }));
            Assert.False(selection.MatchesAnyHolder(80, System.Array.Empty<int>()));

            // An endpoint piped back in (port 80, primary 40) selects the shared socket whoever holds it first.
            var echo = new PipelineSelection();
            echo.Add(true, Of(80), Of(40));
            Assert.True(echo.MatchesAnyHolder(80, new[] { 40, 41 }));
            Assert.False(echo.MatchesAnyHolder(443, new[] { 40, 41 }));
        }

        [Fact]
        public void Each_record_is_its_own_conjunction_not_a_cross_product()
        {
            // Two rows of Get-LoopbackEndpoint piped back in: (80, pid 1) and (443, pid 2).
            var selection = new PipelineSelection();
            selection.Add(true, Of(80), Of(1));
            selection.Add(true, Of(443), Of(2));
            Assert.True(selection.Matches(80, 1));
            Assert.True(selection.Matches(443, 2));
            Assert.False(selection.Matches(80, 2));
            Assert.False(selection.Matches(443, 1));
            Assert.False(selection.Matches(80, null));

            // The table read may keep a superset; Matches is exact.
            Assert.Equal(new HashSet<int> { 80, 443 }, selection.LocalPorts);
            Assert.Equal(new HashSet<int> { 1, 2 }, selection.ProcessIds);
        }

        [Fact]
        public void Records_of_different_shapes_are_alternatives()
        {
            // A port from one object, a process from another: either kind of row is wanted.
            var selection = new PipelineSelection();
            selection.Add(true, Of(80), FilterInput.NotBound);
            selection.Add(true, FilterInput.NotBound, Of(5));
            Assert.True(selection.Matches(80, null));
            Assert.True(selection.Matches(9999, 5));
            Assert.False(selection.Matches(9999, 6));
            Assert.Null(selection.LocalPorts);
            Assert.Null(selection.ProcessIds);
        }

        [Fact]
        public void Ports_piped_by_value_are_gathered()
        {
            // 80, 443 | Get-LoopbackEndpoint: one call per number.
            var selection = new PipelineSelection();
            selection.Add(true, Of(80), FilterInput.NotBound);
            selection.Add(true, Of(443), FilterInput.NotBound);
            Assert.Equal(new HashSet<int> { 80, 443 }, selection.LocalPorts);
            Assert.Null(selection.ProcessIds);
            Assert.True(selection.Matches(443, null));
            Assert.False(selection.Matches(22, 1));
        }

        [Fact]
        public void Many_records_cost_a_lookup_per_row_not_a_pass_over_every_record()
        {
            // A command-line -Port of 65,535 values (the same array in every call) with 2,000 piped processes, then
            // a million row checks: a generous bound that only a per-record scan or per-call set rebuild would break.
            var ports = Enumerable.Range(1, 65535).ToArray();
            var selection = new PipelineSelection();
            var clock = Stopwatch.StartNew();
            for (int id = 1; id <= 2000; id++)
            {
                selection.Add(true, FilterInput.Of(ports), Of(id));
            }

            int matched = 0;
            for (int row = 0; row < 1_000_000; row++)
            {
                matched += selection.Matches(1 + (row % 65535), 1 + (row % 4000)) ? 1 : 0;
            }

            Assert.Equal(500_000, matched);
            Assert.True(clock.Elapsed.TotalSeconds < 20, $"took {clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}
