using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LoopbackTools.Native;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// <see cref="IWindowsProcessApi"/> on the real kernel32/advapi32 calls (declared in Native/). Windows only;
    /// everything here is a thin translation of one documented call into an error code.
    /// </summary>
    internal sealed class Win32ProcessApi : IWindowsProcessApi
    {
        /// <summary>MAX_PATH first; long-path-aware images can be up to 32,767 characters.</summary>
        private const int FirstPathLength = 260;
        private const int MaxPathLength = 32768;

        /// <summary>Account names are at most 256 characters (UNLEN) and NetBIOS domains 15; larger answers are retried once.</summary>
        private const int FirstNameLength = 257;

        /// <summary>ERROR_INVALID_DATA: an answer that does not have the documented shape.</summary>
        private const uint ErrorInvalidData = 13;

        /// <summary>Account names for this instance's life: one inventory's, so one cmdlet call or one watch.</summary>
        private readonly SidNameCache _accounts = new SidNameCache(OpenedProcess.LookupName);

        public uint Open(int processId, uint desiredAccess, out IOpenedProcess? process)
        {
            process = null;
            var handle = Kernel32.OpenProcess(desiredAccess, false, unchecked((uint)processId));
            if (handle.IsInvalid)
            {
                uint error = LastError();
                handle.Dispose();
                return error == WinError.ERROR_SUCCESS ? WinError.ERROR_INVALID_PARAMETER : error;
            }

            process = new OpenedProcess(handle, _accounts);
            return WinError.ERROR_SUCCESS;
        }

        public string? ProcessListName(int processId)
        {
            try
            {
                using var listed = Process.GetProcessById(processId);
                return listed.ProcessName;
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is Win32Exception)
            {
                return null;
            }
        }

        private static uint LastError() => unchecked((uint)Marshal.GetLastWin32Error());

        private sealed class OpenedProcess : IOpenedProcess
        {
            private readonly SafeWin32Handle _handle;
            private readonly SidNameCache _accounts;

            public OpenedProcess(SafeWin32Handle handle, SidNameCache accounts)
            {
                _handle = handle;
                _accounts = accounts;
            }

            public uint ImagePath(out string? path)
            {
                path = null;
                for (int length = FirstPathLength; length <= MaxPathLength; length *= 2)
                {
                    var buffer = new char[length];
                    uint size = (uint)buffer.Length;
                    if (Kernel32.QueryFullProcessImageNameW(_handle, 0, buffer, ref size))
                    {
                        path = new string(buffer, 0, (int)Math.Min(size, (uint)buffer.Length));
                        return WinError.ERROR_SUCCESS;
                    }

                    uint error = LastError();
                    if (error != WinError.ERROR_INSUFFICIENT_BUFFER)
                    {
                        return error;
                    }
                }

                return WinError.ERROR_INSUFFICIENT_BUFFER;
            }

            public uint CreationTimeUtc(out DateTime createdUtc)
            {
                createdUtc = default;
                if (!Kernel32.GetProcessTimes(_handle, out long creation, out _, out _, out _))
                {
                    return LastError();
                }

                if (creation <= 0 || creation > DateTime.MaxValue.ToFileTimeUtc())
                {
                    return ErrorInvalidData;
                }

                createdUtc = DateTime.FromFileTimeUtc(creation);
                return WinError.ERROR_SUCCESS;
            }

            public uint UserName(out string? userName)
            {
                userName = null;
                if (!Advapi32.OpenProcessToken(_handle, Advapi32.TOKEN_QUERY, out var token))
                {
                    uint error = LastError();
                    token.Dispose();
                    return error;
                }

                using (token)
                {
                    byte[]? sid;
                    uint error = ReadUserSid(token, out sid);
                    if (error != WinError.ERROR_SUCCESS || sid == null)
                    {
                        return error == WinError.ERROR_SUCCESS ? ErrorInvalidData : error;
                    }

                    return _accounts.NameOf(sid, out userName);
                }
            }

            public void Dispose() => _handle.Dispose();

            /// <summary>GetTokenInformation(TokenUser) into unmanaged memory, then the SID its pointer names, copied out.</summary>
            private static uint ReadUserSid(SafeWin32Handle token, out byte[]? sid)
            {
                sid = null;
                Advapi32.GetTokenInformation(token, Advapi32.TokenUser, IntPtr.Zero, 0, out uint needed);
                if (needed == 0)
                {
                    return LastError();
                }

                IntPtr buffer = Marshal.AllocHGlobal((int)needed);
                try
                {
                    if (!Advapi32.GetTokenInformation(token, Advapi32.TokenUser, buffer, needed, out uint written))
                    {
                        return LastError();
                    }

                    // TOKEN_USER starts with SID_AND_ATTRIBUTES.Sid, a pointer (4 or 8 bytes) into this same buffer.
                    long offset = Marshal.ReadIntPtr(buffer).ToInt64() - buffer.ToInt64();
                    if (offset < IntPtr.Size || offset + 8 > written)
                    {
                        return ErrorInvalidData;
                    }

                    IntPtr at = new IntPtr(buffer.ToInt64() + offset);
                    int length = 8 + (4 * Marshal.ReadByte(at, 1));
                    if (offset + length > written)
                    {
                        return ErrorInvalidData;
                    }

                    sid = new byte[length];
                    Marshal.Copy(at, sid, 0, length);
                    return WinError.ERROR_SUCCESS;
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }

            /// <summary>LookupAccountSidW on the local machine: DOMAIN\name; the SID text when no name maps to it.</summary>
            internal static uint LookupName(byte[] sid, out string? userName)
            {
                userName = null;
                uint nameLength = FirstNameLength;
                uint domainLength = FirstNameLength;
                for (int attempt = 0; attempt < 2; attempt++)
                {
                    var name = new char[nameLength];
                    var domain = new char[domainLength];
                    if (Advapi32.LookupAccountSidW(null, sid, name, ref nameLength, domain, ref domainLength, out _))
                    {
                        string account = new string(name, 0, (int)Math.Min(nameLength, (uint)name.Length));
                        string authority = new string(domain, 0, (int)Math.Min(domainLength, (uint)domain.Length));
                        userName = authority.Length == 0 ? account : authority + "\\" + account;
                        return WinError.ERROR_SUCCESS;
                    }

                    uint error = LastError();
                    if (error == WinError.ERROR_NONE_MAPPED)
                    {
                        userName = SidText.Format(sid);
                        return userName == null ? ErrorInvalidData : WinError.ERROR_SUCCESS;
                    }

                    // On ERROR_INSUFFICIENT_BUFFER both counts now hold the sizes needed, NUL included.
                    if (error != WinError.ERROR_INSUFFICIENT_BUFFER)
                    {
                        return error;
                    }
                }

                return WinError.ERROR_INSUFFICIENT_BUFFER;
            }
        }
    }
}
