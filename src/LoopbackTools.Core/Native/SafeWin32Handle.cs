using Microsoft.Win32.SafeHandles;

namespace LoopbackTools.Native
{
    /// <summary>
    /// A process or token HANDLE closed with CloseHandle. OpenProcess returns NULL on failure and OpenProcessToken leaves
    /// its out handle NULL, so both 0 and -1 read as invalid. A SafeHandle is pointer-sized on 32- and 64-bit processes,
    /// as HANDLE is, and cannot leak when a later call throws.
    /// </summary>
    internal sealed class SafeWin32Handle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SafeWin32Handle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
    }
}
