using System;
using System.Runtime.InteropServices;

namespace LoopbackTools.Native
{
    /// <summary>
    /// The advapi32.dll surface of the Windows owner lookup: who runs a process, read from its access token. Reviewed
    /// against processthreadsapi.h (OpenProcessToken), securitybaseapi.h (GetTokenInformation) and winbase.h
    /// (LookupAccountSidW); same marshalling rules as <see cref="Kernel32"/>.
    /// </summary>
    internal static class Advapi32
    {
        /// <summary>TOKEN_QUERY (winnt.h): enough to read TokenUser.</summary>
        public const uint TOKEN_QUERY = 0x0008;

        /// <summary>TOKEN_INFORMATION_CLASS.TokenUser: a TOKEN_USER, i.e. one SID_AND_ATTRIBUTES { PSID Sid; DWORD Attributes; }.</summary>
        public const int TokenUser = 1;

        /// <summary>BOOL OpenProcessToken(HANDLE ProcessHandle, DWORD DesiredAccess, PHANDLE TokenHandle).</summary>
        [DllImport("advapi32.dll", ExactSpelling = true, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool OpenProcessToken(SafeWin32Handle processHandle, uint desiredAccess, out SafeWin32Handle tokenHandle);

        /// <summary>
        /// BOOL GetTokenInformation(HANDLE TokenHandle, TOKEN_INFORMATION_CLASS TokenInformationClass, LPVOID
        /// TokenInformation, DWORD TokenInformationLength, PDWORD ReturnLength). The buffer is unmanaged memory, not a
        /// byte[]: TOKEN_USER holds a pointer to the SID inside the same buffer, which must not move after the call.
        /// </summary>
        [DllImport("advapi32.dll", ExactSpelling = true, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool GetTokenInformation(
            SafeWin32Handle tokenHandle,
            int tokenInformationClass,
            IntPtr tokenInformation,
            uint tokenInformationLength,
            out uint returnLength);

        /// <summary>
        /// BOOL LookupAccountSidW(LPCWSTR lpSystemName, PSID Sid, LPWSTR Name, LPDWORD cchName, LPWSTR
        /// ReferencedDomainName, LPDWORD cchReferencedDomainName, PSID_NAME_USE peUse). The SID is passed as its bytes
        /// (a SID is self-relative, no pointers inside); the two counts are characters, NUL included on the way in.
        /// </summary>
        [DllImport("advapi32.dll", ExactSpelling = true, SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool LookupAccountSidW(
            string? lpSystemName,
            byte[] sid,
            [Out] char[] name,
            ref uint cchName,
            [Out] char[] referencedDomainName,
            ref uint cchReferencedDomainName,
            out int peUse);
    }
}
