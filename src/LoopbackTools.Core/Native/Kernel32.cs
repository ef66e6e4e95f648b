using System;
using System.Runtime.InteropServices;

namespace LoopbackTools.Native
{
    /// <summary>
    /// The kernel32.dll surface of the Windows owner lookup and of the netsh reader, under the C names of
    /// processthreadsapi.h, winbase.h, handleapi.h, consoleapi2.h, winnls.h and stringapiset.h. Each declaration was
    /// reviewed against the signature quoted above it.
    /// <list type="bullet">
    /// <item>Marshalling is the same in 32-bit Windows PowerShell 5.1 (.NET Framework) and 64-bit PowerShell 7: DWORD and
    /// UINT are 32-bit on every Windows ABI (uint); HANDLE is pointer-sized (SafeWin32Handle or IntPtr); BOOL is a 4-byte
    /// int (MarshalAs Bool); buffers are arrays that the marshaller pins, so nothing is copied or allocated on the
    /// native side. A char[] is blittable (UTF-16) only under CharSet.Unicode: .NET Framework's default, CharSet.Ansi,
    /// would convert it, so every declaration with a char[] says CharSet.Unicode.</item>
    /// <item>Every string function is the W form by name (ExactSpelling), so no ANSI conversion can happen.</item>
    /// <item>Functions that report failure through GetLastError are declared SetLastError = true.</item>
    /// </list>
    /// </summary>
    internal static class Kernel32
    {
        /// <summary>
        /// The one right the owner lookup asks for. Unlike PROCESS_QUERY_INFORMATION | PROCESS_VM_READ (what
        /// Process.MainModule needs) it is granted for services, other users' and protected processes, across integrity
        /// levels, and from a 32-bit caller to a 64-bit process. It is enough for QueryFullProcessImageName,
        /// GetProcessTimes and OpenProcessToken.
        /// </summary>
        public const uint PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

        /// <summary>The two rights System.Diagnostics.Process.MainModule opens with; named so tests can tell them apart.</summary>
        public const uint PROCESS_QUERY_INFORMATION = 0x0400;
        public const uint PROCESS_VM_READ = 0x0010;

        /// <summary>CP_UTF8.</summary>
        public const uint CP_UTF8 = 65001;

        /// <summary>HANDLE OpenProcess(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwProcessId); NULL on failure.</summary>
        [DllImport("kernel32.dll", ExactSpelling = true, SetLastError = true)]
        public static extern SafeWin32Handle OpenProcess(
            uint dwDesiredAccess,
            [MarshalAs(UnmanagedType.Bool)] bool bInheritHandle,
            uint dwProcessId);

        /// <summary>BOOL CloseHandle(HANDLE hObject).</summary>
        [DllImport("kernel32.dll", ExactSpelling = true, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool CloseHandle(IntPtr hObject);

        /// <summary>
        /// BOOL QueryFullProcessImageNameW(HANDLE hProcess, DWORD dwFlags, LPWSTR lpExeName, PDWORD lpdwSize).
        /// lpdwSize is the buffer's size in characters on input and the length written, without the NUL, on output.
        /// dwFlags 0 asks for the Win32 path form (C:\...), not the native \Device\HarddiskVolume form.
        /// </summary>
        [DllImport("kernel32.dll", ExactSpelling = true, SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool QueryFullProcessImageNameW(
            SafeWin32Handle hProcess,
            uint dwFlags,
            [Out] char[] lpExeName,
            ref uint lpdwSize);

        /// <summary>
        /// BOOL GetProcessTimes(HANDLE hProcess, LPFILETIME lpCreationTime, LPFILETIME lpExitTime, LPFILETIME lpKernelTime,
        /// LPFILETIME lpUserTime). A FILETIME is two DWORDs, low part first: on little-endian Windows the same 8 bytes
        /// as a 64-bit count of 100 ns since 1601 UTC, so each is received as a long.
        /// </summary>
        [DllImport("kernel32.dll", ExactSpelling = true, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool GetProcessTimes(
            SafeWin32Handle hProcess,
            out long lpCreationTime,
            out long lpExitTime,
            out long lpKernelTime,
            out long lpUserTime);

        /// <summary>UINT GetConsoleOutputCP(void); 0 when the calling process has no console.</summary>
        [DllImport("kernel32.dll", ExactSpelling = true)]
        public static extern uint GetConsoleOutputCP();

        /// <summary>UINT GetOEMCP(void): the system's OEM code page, which a new console starts with.</summary>
        [DllImport("kernel32.dll", ExactSpelling = true)]
        public static extern uint GetOEMCP();

        /// <summary>
        /// int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte, LPWSTR
        /// lpWideCharStr, int cchWideChar). With cchWideChar 0 it returns the length needed; 0 means failure.
        /// </summary>
        [DllImport("kernel32.dll", ExactSpelling = true, SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern int MultiByteToWideChar(
            uint codePage,
            uint dwFlags,
            byte[] lpMultiByteStr,
            int cbMultiByte,
            [Out] char[]? lpWideCharStr,
            int cchWideChar);
    }
}
