using System;
using System.IO;

namespace LoopbackTools
{
    /// <summary>
    /// Reads a system file whose absence is an answer, not a fault (/proc/sys settings, the hosts file): a file that
    /// is missing, or unreadable to this user, gives null and the caller falls back to the documented default.
    /// </summary>
    internal static class OptionalFile
    {
        public static string? TryReadAllText(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The raw bytes, for text that need not be valid UTF-8 (a process name the kernel cut mid-character).</summary>
        public static byte[]? TryReadAllBytes(string path)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
