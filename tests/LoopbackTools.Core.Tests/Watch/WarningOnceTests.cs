using LoopbackTools.Watch;
using Xunit;

namespace LoopbackTools.Tests.Watch
{
    public class WarningOnceTests
    {
        [Fact]
        public void A_warning_whose_counts_change_between_polls_is_written_once()
        {
            var once = new WarningOnce();
            Assert.True(once.IsNew("1 of 22 sockets have no visible owner: permission denied on /proc/<pid>/fd of 2 processes."));
            Assert.False(once.IsNew("3 of 25 sockets have no visible owner: permission denied on /proc/<pid>/fd of 4 processes."));
            Assert.False(once.IsNew("1 of 22 sockets have no visible owner: permission denied on /proc/<pid>/fd of 2 processes."));
        }

        [Fact]
        public void Warnings_of_other_kinds_are_each_written()
        {
            var once = new WarningOnce();
            Assert.True(once.IsNew("1 of 22 sockets have no visible owner: no visible process holds them."));
            Assert.True(once.IsNew("Some owner fields are empty: the process exited during the scan."));
            Assert.True(once.IsNew("1 of 22 sockets have no visible owner: permission denied on /proc/<pid>/fd of 2 processes."));
        }
    }
}
