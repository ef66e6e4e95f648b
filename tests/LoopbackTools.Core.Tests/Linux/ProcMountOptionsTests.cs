using LoopbackTools.Linux;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>hidepid detection on mountinfo text built here (proc(5) format); the real mount is in UnprivilegedOwnerTests.</summary>
    public class ProcMountOptionsTests
    {
        private const string Plain = "21 26 0:20 / /proc rw,relatime - proc proc rw\n";

        [Fact]
        public void A_plain_proc_mount_hides_nothing()
        {
            Assert.Null(ProcMountOptions.Parse(Plain, "/proc"));
        }

        [Theory]
        [InlineData("rw,hidepid=invisible", "invisible", true)]
        [InlineData("rw,nosuid,hidepid=2", "2", true)]
        [InlineData("rw,hidepid=ptraceable", "ptraceable", true)]
        [InlineData("rw,hidepid=noaccess", "noaccess", false)]
        public void The_topmost_mount_at_the_path_decides(string options, string hidePid, bool hides)
        {
            string text = Plain + "44 42 0:20 / /proc/sys ro - proc proc rw\n"
                + "62 44 0:38 / /proc rw,relatime shared:5 - proc proc " + options + "\n";

            var mount = ProcMountOptions.Parse(text, "/proc/");

            Assert.NotNull(mount);
            Assert.Equal(hidePid, mount!.HidePid);
            Assert.Equal(hides, mount.HidesProcesses);
            Assert.Null(mount.Gid);
        }

        [Fact]
        public void The_gid_that_sees_everything_is_kept()
        {
            var mount = ProcMountOptions.Parse("62 44 0:38 / /proc rw - proc proc rw,hidepid=invisible,gid=27\n", "/proc");

            Assert.Equal("27", mount!.Gid);
        }

        [Fact]
        public void Hidepid_off_a_remount_over_it_or_another_path_hides_nothing()
        {
            Assert.Null(ProcMountOptions.Parse("62 44 0:38 / /proc rw - proc proc rw,hidepid=0\n", "/proc"));
            Assert.Null(ProcMountOptions.Parse("62 44 0:38 / /proc rw - proc proc rw,hidepid=2\n" + Plain, "/proc"));
            Assert.Null(ProcMountOptions.Parse("62 44 0:38 / /mnt/proc rw - proc proc rw,hidepid=2\n", "/proc"));
            Assert.Null(ProcMountOptions.Parse("62 44 0:38 / /proc rw - tmpfs tmpfs rw,hidepid=2\n", "/proc"));
            Assert.Null(ProcMountOptions.Parse(null, "/proc"));
            Assert.Null(ProcMountOptions.Parse("garbage\n\n1 2 3\n", "/proc"));
        }

        [Fact]
        public void An_escaped_mount_point_is_matched()
        {
            var mount = ProcMountOptions.Parse("62 44 0:38 / /srv/my\\040proc rw - proc proc rw,hidepid=2\n", "/srv/my proc");

            Assert.Equal("2", mount!.HidePid);
        }

        [Fact]
        public void This_machines_proc_is_read_without_error()
        {
            // Whatever the host's options, reading the real mountinfo must not throw.
            _ = ProcMountOptions.ForMountPoint("/proc");
        }
    }
}
