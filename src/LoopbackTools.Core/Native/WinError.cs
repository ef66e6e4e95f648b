namespace LoopbackTools.Native
{
    /// <summary>
    /// The Win32 error codes (winerror.h) and the one NTSTATUS (ntstatus.h) that the Windows sources act on, declared once.
    /// </summary>
    internal static class WinError
    {
        public const uint ERROR_SUCCESS = 0;
        public const uint ERROR_ACCESS_DENIED = 5;
        public const uint ERROR_NOT_SUPPORTED = 50;
        public const uint ERROR_INVALID_PARAMETER = 87;
        public const uint ERROR_INSUFFICIENT_BUFFER = 122;

        /// <summary>"The pipe is being closed"; IP Helper returns it when there is no table to give (no interfaces).</summary>
        public const uint ERROR_NO_DATA = 232;

        /// <summary>LookupAccountSid: no account name maps to the SID (a deleted account, a logon or capability SID).</summary>
        public const uint ERROR_NONE_MAPPED = 1332;

        /// <summary>
        /// STATUS_UNSUCCESSFUL, an NTSTATUS that GetExtendedTcpTable/GetExtendedUdpTable pass straight through under
        /// connection churn instead of a Win32 error.
        /// </summary>
        public const uint STATUS_UNSUCCESSFUL = 0xC0000001;
    }
}
