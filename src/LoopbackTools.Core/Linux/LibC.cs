using System;
using System.Runtime.InteropServices;

namespace LoopbackTools.Linux
{
    /// <summary>
    /// The few libc calls netstandard2.0 lacks. Reviewed surface: readlink (no LinkTarget before .NET 6),
    /// sysconf for clock ticks, geteuid for the "not root" warning.
    /// </summary>
    internal static class LibC
    {
        public const int SC_CLK_TCK = 2;

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr readlink([MarshalAs(UnmanagedType.LPStr)] string path, byte[] buffer, IntPtr size);

        [DllImport("libc")]
        public static extern long sysconf(int name);

        [DllImport("libc")]
        public static extern uint geteuid();
    }
}
