using System;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// The Win32 calls the owner lookup makes on a process, one method each, returning the Win32 error (0 on success)
    /// instead of throwing, so <see cref="WindowsProcessProbe"/> decides on codes and tests can fake any answer.
    /// The real one is <see cref="Win32ProcessApi"/>.
    /// </summary>
    internal interface IWindowsProcessApi
    {
        /// <summary>OpenProcess(desiredAccess, FALSE, processId): 0 and the opened process, or the Win32 error.</summary>
        uint Open(int processId, uint desiredAccess, out IOpenedProcess? process);

        /// <summary>The process's name in the system process list (no handle needed); null when no process has that id.</summary>
        string? ProcessListName(int processId);
    }

    /// <summary>A process handle opened by <see cref="IWindowsProcessApi.Open"/>; disposing closes it.</summary>
    internal interface IOpenedProcess : IDisposable
    {
        /// <summary>QueryFullProcessImageName: the Win32 path of the image.</summary>
        uint ImagePath(out string? path);

        /// <summary>GetProcessTimes: the creation time, UTC.</summary>
        uint CreationTimeUtc(out DateTime createdUtc);

        /// <summary>OpenProcessToken + GetTokenInformation(TokenUser) + LookupAccountSid: DOMAIN\name, or the SID text.</summary>
        uint UserName(out string? userName);
    }
}
